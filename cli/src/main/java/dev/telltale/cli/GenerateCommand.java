package dev.telltale.cli;

import dev.telltale.core.TextNormalizer;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.embed.Generator;
import dev.telltale.embed.LanguageModel;
import dev.telltale.embed.Models;
import dev.telltale.embed.SamplingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "generate", description = "Generate a watermarked completion from a model (the embedded default model unless --model).")
final class GenerateCommand implements Callable<Integer> {
    @Mixin
    KeyOption key;

    @Option(names = "--prompt", defaultValue = "", description = "Prompt text (may be empty).")
    String prompt;

    @Option(names = "--max-tokens", defaultValue = "200", description = "Tokens to generate. Default: ${DEFAULT-VALUE}.")
    int maxTokens;

    @Option(names = "--temperature", defaultValue = "1.0", description = "Default: ${DEFAULT-VALUE}.")
    double temperature;

    @Option(names = "--top-p", defaultValue = "1.0", description = "Nucleus mass; 1 = off. Default: ${DEFAULT-VALUE}.")
    double topP;

    @Option(names = "--top-k", defaultValue = "0", description = "0 = off. Default: ${DEFAULT-VALUE}.")
    int topK;

    @Option(names = "--seed", description = "Sampling seed (reproducible output); random when absent.")
    Long seed;

    @Option(names = "--model", description = "A model file written by train-ngram, or a TorchScript model directory "
            + "(model.json + model.pt); default: the embedded Brown trigram.")
    Path modelFile;

    @Option(names = "--unwatermarked", description = "Sample without the watermark (a control); the key still picks the tokenizer.")
    boolean unwatermarked;

    @Option(names = "--account", paramLabel = "ID", description = "The account the completion is served to (required for "
            + "kgw-accounts and kgw-account-keys keys; ids 0..N-1).")
    Long account;

    @Option(names = "--json", description = "Print {text, tokens, token_count, key_id, ...} as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (maxTokens < 0 || maxTokens > 100_000) {
            throw new UsageException("--max-tokens must be in [0, 100000], got " + maxTokens);
        }
        SamplingConfig sampling = new SamplingConfig(temperature, topK, topP);
        WatermarkKey k = key.load();
        TextTokenizer tok = Tokenizers.forKey(k);
        LanguageModel model = modelFile == null ? DefaultModel.load(tok, System.err) : readModel(modelFile, tok);
        long s = seed != null ? seed : new SecureRandom().nextLong();
        Generator gen = new Generator(model, unwatermarked ? null : AccountOptions.embedder(k, account), sampling);
        int[] ids = gen.generate(tok.encode(prompt), maxTokens, -1, new SplittableRandom(s));
        // Embedding and detection agree on normalisation: the printed text is a fixed point of every normaliser
        // set, so `detect --normalize robust` scores it exactly as the default does (TextNormalizer).
        String text = TextNormalizer.ROBUST.apply(tok.decode(ids));
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("text", text);
            m.put("tokens", ids);
            m.put("token_count", ids.length);
            m.put("key_id", k.keyId());
            m.put("watermarked", !unwatermarked);
            if (account != null) {
                m.put("account", account);
            }
            m.put("seed", s);
            m.put("normalizers", TextNormalizer.ROBUST.names());
            m.put("model", model.describe());
            System.out.println(Json.line(m));
        } else {
            System.out.println(text);
        }
        return 0;
    }

    /** A train-ngram file or a TorchScript model directory ({@link Models#load(Path, TextTokenizer)}). */
    static LanguageModel readModel(Path path, TextTokenizer tok) {
        if (!Files.exists(path)) {
            throw new UsageException("model not found: " + path + " (a train-ngram file or a TorchScript model directory)");
        }
        try {
            return Models.load(path, tok);
        } catch (IOException e) {
            throw new UsageException("cannot load model " + path + ": " + e.getMessage());
        }
    }
}
