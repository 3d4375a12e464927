package dev.telltale.cli;

import dev.telltale.core.TokenizerImpl;
import dev.telltale.server.ServerOptions;
import dev.telltale.server.VerifierServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", description = "Run the verifier server: HTTP API, web page, signed reports, jobs (until stopped).")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8080", description = "Port (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Bind address. Default: ${DEFAULT-VALUE} (loopback only).")
    String host;

    @Option(names = "--data", defaultValue = "telltale-data", paramLabel = "DIR",
            description = "Data directory: keys/ (watermark key files), signing-key.json, admin-token, the SQLite store. Default: ${DEFAULT-VALUE}.")
    Path data;

    @Option(names = "--store", defaultValue = "", paramLabel = "URL",
            description = "Store: empty = SQLite in DIR; postgresql://user:password@host:port/db or a jdbc: URL for PostgreSQL.")
    String store;

    @Option(names = "--tokenizer-impl", defaultValue = "fast", paramLabel = "fast|djl", description = "Tokenizer implementation. Default: ${DEFAULT-VALUE}.")
    String tokenizerImpl;

    @Option(names = "--insecure-plaintext-signing-key", description = "Without TELLTALE_KEY_PASSPHRASE, keep the report signing key in clear (development only).")
    boolean insecureSigningKey;

    @Option(names = "--job-workers", defaultValue = "2", description = "Jobs run at once. Default: ${DEFAULT-VALUE}.")
    int jobWorkers;

    @Option(names = "--submitter-min-scored", defaultValue = "100", description = "Fewest scored tokens a submitter gets a result for. Default: ${DEFAULT-VALUE}.")
    int minScored;

    @Option(names = "--json", description = "Print one JSON line when listening.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        TokenizerImpl impl;
        try {
            impl = TokenizerImpl.parse(tokenizerImpl);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--tokenizer-impl must be fast or djl, got '" + tokenizerImpl + "'");
        }
        String pass = System.getenv(Passphrases.ENV);
        ServerOptions.Limits d = ServerOptions.Limits.DEFAULT;
        ServerOptions o;
        try {
            o = new ServerOptions(host, port, data, store, impl, pass == null || pass.isEmpty() ? null : pass.toCharArray(), insecureSigningKey,
                    new ServerOptions.Limits(d.maxRequestBytes(), d.maxUploadBytes(), d.maxTextChars(), minScored,
                            d.submitterTokensPerMinute(), d.analystTokensPerMinute(), d.adminTokensPerMinute(), d.maxActiveJobsPerToken()),
                    jobWorkers, Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(2));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        VerifierServer server = VerifierServer.start(o, System.err);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "telltale-serve-shutdown"));
        if (json) {
            System.out.println(Json.line(Map.of("url", "http://" + host + ":" + server.port() + "/", "port", server.port(),
                    "signing_key_sha256", server.signingKeyFingerprint())));
        } else {
            System.out.println("listening on http://" + host + ":" + server.port() + "/  (Ctrl-C stops; running jobs resume at the next start)");
        }
        System.out.flush();
        stopped.await();
        return 0;
    }
}
