package dev.telltale.server;

import dev.telltale.core.TokenizerImpl;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a verifier server runs. Defaults suit one server on a laptop: loopback only, SQLite in {@code DATA}.
 *
 * @param host                       bind address (default 127.0.0.1)
 * @param port                       0 = any free port
 * @param dataDir                    keys ({@code DATA/keys}), the signing key, the admin token, the SQLite store
 * @param store                      empty = SQLite in DATA; {@code postgresql://…} or a JDBC URL
 * @param tokenizerImpl              fast (pure-Java BPE) or djl
 * @param passphrase                 opens sealed key files and seals the signing key; null = none available
 * @param insecurePlaintextSigningKey without a passphrase, keep the signing key in clear (development only)
 * @param limits                     abuse limits
 * @param jobWorkers                 jobs run at once on this server
 * @param jobLease                   how long a job stays with a server that stops renewing it (crash)
 * @param tokenCache                 how long a token lookup is cached
 * @param jobCheckpoint              how often a running job saves its progress and checkpoint
 */
public record ServerOptions(String host, int port, Path dataDir, String store, TokenizerImpl tokenizerImpl, char[] passphrase,
                            boolean insecurePlaintextSigningKey, Limits limits, int jobWorkers, Duration jobLease,
                            Duration tokenCache, Duration jobCheckpoint) {

    /**
     * Abuse limits (a detection endpoint is an oracle).
     *
     * @param maxRequestBytes          body size of API calls other than job uploads (413 above)
     * @param maxUploadBytes           body size of job uploads (413 above)
     * @param maxTextChars             characters in one text to detect (413 above)
     * @param submitterMinScored       fewest scored tokens a submitter gets a result for (422 below)
     * @param submitterTokensPerMinute default rate limit of submitter tokens (scored tokens per minute; 0 = none)
     * @param analystTokensPerMinute   default rate limit of analyst tokens
     * @param adminTokensPerMinute     default rate limit of admin tokens
     * @param maxActiveJobsPerToken    queued + running jobs one token may have (429 above)
     */
    public record Limits(long maxRequestBytes, long maxUploadBytes, int maxTextChars, int submitterMinScored,
                         long submitterTokensPerMinute, long analystTokensPerMinute, long adminTokensPerMinute,
                         int maxActiveJobsPerToken) {
        public static final Limits DEFAULT = new Limits(1L << 20, 64L << 20, 200_000, 100, 20_000, 200_000, 0, 2);

        public Limits {
            if (maxRequestBytes < 1024 || maxUploadBytes < 1024 || maxTextChars < 1 || submitterMinScored < 0
                    || submitterTokensPerMinute < 0 || analystTokensPerMinute < 0 || adminTokensPerMinute < 0
                    || maxActiveJobsPerToken < 1) {
                throw new IllegalArgumentException("limits must be positive (request sizes at least 1 KiB)");
            }
        }

        public Limits withSubmitterTokensPerMinute(long v) {
            return new Limits(maxRequestBytes, maxUploadBytes, maxTextChars, submitterMinScored, v, analystTokensPerMinute,
                    adminTokensPerMinute, maxActiveJobsPerToken);
        }

        public Limits withMaxRequestBytes(long v) {
            return new Limits(v, maxUploadBytes, maxTextChars, submitterMinScored, submitterTokensPerMinute, analystTokensPerMinute,
                    adminTokensPerMinute, maxActiveJobsPerToken);
        }

        public Limits withMaxTextChars(int v) {
            return new Limits(maxRequestBytes, maxUploadBytes, v, submitterMinScored, submitterTokensPerMinute, analystTokensPerMinute,
                    adminTokensPerMinute, maxActiveJobsPerToken);
        }
    }

    public ServerOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        if (jobWorkers < 1) {
            throw new IllegalArgumentException("job workers must be >= 1, got " + jobWorkers);
        }
    }

    /** Loopback, the given port and data directory, SQLite, everything else default. */
    public static ServerOptions defaults(int port, Path dataDir) {
        return new ServerOptions("127.0.0.1", port, dataDir, "", TokenizerImpl.FAST, null, false, Limits.DEFAULT, 2,
                Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(2));
    }

    public ServerOptions withStore(String s) {
        return new ServerOptions(host, port, dataDir, s, tokenizerImpl, passphrase, insecurePlaintextSigningKey, limits, jobWorkers,
                jobLease, tokenCache, jobCheckpoint);
    }

    public ServerOptions withPassphrase(char[] p) {
        return new ServerOptions(host, port, dataDir, store, tokenizerImpl, p, insecurePlaintextSigningKey, limits, jobWorkers,
                jobLease, tokenCache, jobCheckpoint);
    }

    public ServerOptions withInsecurePlaintextSigningKey(boolean b) {
        return new ServerOptions(host, port, dataDir, store, tokenizerImpl, passphrase, b, limits, jobWorkers, jobLease, tokenCache, jobCheckpoint);
    }

    public ServerOptions withLimits(Limits l) {
        return new ServerOptions(host, port, dataDir, store, tokenizerImpl, passphrase, insecurePlaintextSigningKey, l, jobWorkers,
                jobLease, tokenCache, jobCheckpoint);
    }

    public ServerOptions withTokenizerImpl(TokenizerImpl t) {
        return new ServerOptions(host, port, dataDir, store, t, passphrase, insecurePlaintextSigningKey, limits, jobWorkers,
                jobLease, tokenCache, jobCheckpoint);
    }

    public ServerOptions withHost(String h) {
        return new ServerOptions(h, port, dataDir, store, tokenizerImpl, passphrase, insecurePlaintextSigningKey, limits, jobWorkers,
                jobLease, tokenCache, jobCheckpoint);
    }

    public ServerOptions withJobCheckpoint(Duration d) {
        return new ServerOptions(host, port, dataDir, store, tokenizerImpl, passphrase, insecurePlaintextSigningKey, limits, jobWorkers,
                jobLease, tokenCache, d);
    }

    public ServerOptions withJobLease(Duration d) {
        return new ServerOptions(host, port, dataDir, store, tokenizerImpl, passphrase, insecurePlaintextSigningKey, limits, jobWorkers,
                d, tokenCache, jobCheckpoint);
    }

    @Override
    public String toString() {
        return "ServerOptions[" + host + ":" + port + ", data " + dataDir + ", store " + (store.isEmpty() ? "sqlite" : "external")
                + ", passphrase " + (passphrase == null ? "none" : "set") + "]";
    }
}
