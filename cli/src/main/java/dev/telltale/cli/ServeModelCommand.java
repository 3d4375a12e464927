package dev.telltale.cli;

import dev.telltale.core.AccountScheme;
import dev.telltale.core.KeyFiles;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.embed.LanguageModel;
import dev.telltale.embed.Models;
import dev.telltale.embed.serve.ApiKeys;
import dev.telltale.embed.serve.ModelPool;
import dev.telltale.embed.serve.ModelServer;
import dev.telltale.embed.serve.ServeConfig;
import dev.telltale.embed.serve.ServedLog;
import dev.telltale.embed.serve.WatermarkPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve-model", description = {"Serve a language model over an OpenAI-compatible HTTP API (/v1/models, "
        + "/v1/completions, /v1/chat/completions, streaming), watermarked when --key is given. Runs until stopped (Ctrl-C).",
        "With an account key (kgw-accounts, kgw-account-keys) every response carries its API key's account: --api-keys "
        + "is required and each line needs an ACCOUNT_ID in the key's account space [0, N), e.g. 'sk-acme-7f3a9c21 acme 42'."})
final class ServeModelCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "default", description = "A model file written by train-ngram, a TorchScript "
            + "model directory (model.json), or 'default' (the embedded Brown trigram). Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--key", description = "Watermark key file; without it the model is served unwatermarked.")
    Path keyFile;

    @Option(names = "--tokenizer", description = "Tokenizer when no key is given (with a key, the key's). Default: qwen3.")
    String tokenizer;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to bind. Default: ${DEFAULT-VALUE} (this machine only).")
    String host;

    @Option(names = "--port", defaultValue = "8000", description = "TCP port; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--api-keys", description = "File of bearer API keys, one 'KEY [ACCOUNT [ACCOUNT_ID]]' per line ('#' "
            + "comments); ACCOUNT_ID (0..N-1) picks the account watermark of an account key and is required with one. Without "
            + "the file no key is asked (refused with an account key).")
    Path apiKeysFile;

    @Option(names = "--model-name", description = "The model id clients pass (default: the file name, or telltale-brown-kn3).")
    String modelName;

    @Option(names = "--served-log", description = "Append every served text to this JSONL file (our own watermarked data, "
            + "for test-model --filter-data).")
    Path servedLog;

    @Option(names = "--threads", description = "Requests generated at once (model copies). Default: min(4, CPUs).")
    Integer threads;

    @Option(names = "--json", description = "Print one JSON line {url, model, ...} once the server is listening.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        WatermarkKey key = null;
        if (keyFile != null) {
            key = KeyFiles.read(keyFile, Passphrases::forOpening);
            if (tokenizer != null && !tokenizer.equals(key.tokenizer().id())) {
                throw new UsageException("--tokenizer " + tokenizer + " differs from the key's tokenizer " + key.tokenizer().id()
                        + " (leave --tokenizer out: the key decides)");
            }
        }
        if (port < 0 || port > 65535) {
            throw new UsageException("--port must be in [0, 65535], got " + port);
        }
        int pool = threads != null ? threads : Math.min(4, Runtime.getRuntime().availableProcessors());
        if (pool < 1 || pool > 256) {
            throw new UsageException("--threads must be in [1, 256], got " + pool);
        }
        TextTokenizer tok = key != null ? Tokenizers.forKey(key) : Tokenizers.load(tokenizer != null ? tokenizer : Tokenizers.DEFAULT);
        ApiKeys apiKeys = ApiKeys.open();
        if (apiKeysFile != null) {
            if (!Files.isRegularFile(apiKeysFile)) {
                throw new UsageException("API keys file not found: " + apiKeysFile);
            }
            apiKeys = ApiKeys.read(apiKeysFile);
        }
        WatermarkPolicy policy = key != null ? policy(key, apiKeys) : WatermarkPolicy.none();
        LanguageModel lm = loadModel(tok);
        String name = modelName != null ? modelName : "default".equals(model) ? "telltale-brown-kn3"
                : Path.of(model).getFileName().toString().replaceFirst("\\.[A-Za-z0-9]+$", "");
        ServeConfig config = new ServeConfig(host, port, name, ModelPool.of(lm, pool), tok, policy, apiKeys,
                servedLog == null ? null : ServedLog.append(servedLog));
        ModelServer server = ModelServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "telltale-serve-model-shutdown"));
        announce(server, lm, key, apiKeys);
        stopped.await();
        return 0;
    }

    /** The key's policy; an account key needs an API-keys file whose every key has an account id in the key's space. */
    private WatermarkPolicy policy(WatermarkKey key, ApiKeys apiKeys) {
        if (key.scheme() instanceof AccountScheme s && apiKeysFile == null) {
            throw new UsageException("key " + key.keyId() + " is an account key (" + s.schemeId() + ", " + s.accounts()
                    + " accounts): every response names its account, so pass --api-keys FILE with 'KEY ACCOUNT ACCOUNT_ID' lines");
        }
        WatermarkPolicy p;
        try {
            p = WatermarkPolicy.forKey(key, apiKeys);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (!(key.scheme() instanceof AccountScheme) && apiKeys.hasAccountIds()) {
            System.err.println("warning: the account ids in " + apiKeysFile + " are not used: key " + key.keyId() + " ("
                    + key.scheme().schemeId() + ") has no account component");
        }
        return p;
    }

    private LanguageModel loadModel(TextTokenizer tok) throws IOException {
        if ("default".equals(model)) {
            return DefaultModel.load(tok, System.err);
        }
        Path p = Path.of(model);
        if (!Files.exists(p)) {
            throw new UsageException("model not found: " + model + " (a train-ngram file, a TorchScript directory, or 'default')");
        }
        try {
            return Models.load(p, tok);
        } catch (IOException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private void announce(ModelServer server, LanguageModel lm, WatermarkKey key, ApiKeys apiKeys) {
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("url", server.baseUrl());
            m.put("port", server.port());
            m.put("model", server.config().modelId());
            m.put("model_description", lm.describe());
            m.put("watermarked", key != null);
            m.put("key_id", key == null ? null : key.keyId());
            m.put("scheme", key == null ? null : key.scheme().schemeId());
            m.put("api_keys", apiKeys.size());
            m.put("account_ids", key != null && key.scheme() instanceof AccountScheme ? apiKeys.accountIds() : null);
            System.out.println(Json.line(m));
        } else {
            System.out.printf("serving %s (%s) at %s%n  %s; %s%n  Ctrl-C stops.%n", server.config().modelId(), lm.describe(),
                    server.baseUrl(), server.config().watermark().describe(),
                    apiKeys.required() ? apiKeys.size() + " API key(s) accepted" : "no API key required");
        }
        System.out.flush();
        if (!apiKeys.required() && !host.startsWith("127.") && !host.equals("localhost") && !host.equals("::1")) {
            System.err.println("warning: serving on " + host + " without --api-keys: anyone who can reach it can use the model");
        }
    }
}
