package dev.telltale.server.internal;

import dev.telltale.server.ServerOptions;
import java.io.PrintStream;

/** What the routes share. */
public record ServerContext(ServerOptions options, Store store, Tokens tokens, RateLimiter rateLimiter, KeyRing keys,
                            SigningKey signingKey, Metrics metrics, Reports reports, String version, PrintStream log) {

    /** The rate limit of a caller: its token's own, else its role's default. */
    public long tokensPerMinute(Tokens.Principal p) {
        if (p.tokensPerMinute() != null) {
            return p.tokensPerMinute();
        }
        ServerOptions.Limits l = options.limits();
        return switch (p.role()) {
            case SUBMITTER -> l.submitterTokensPerMinute();
            case ANALYST -> l.analystTokensPerMinute();
            case ADMIN -> l.adminTokensPerMinute();
        };
    }
}
