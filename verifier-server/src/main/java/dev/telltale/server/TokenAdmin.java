package dev.telltale.server;

import dev.telltale.server.internal.JdbcStore;
import dev.telltale.server.internal.Role;
import dev.telltale.server.internal.Store;
import dev.telltale.server.internal.StoreRecords.AuditEvent;
import dev.telltale.server.internal.StoreRecords.TokenRecord;
import dev.telltale.server.internal.StoreUrls;
import dev.telltale.server.internal.Tokens;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * API tokens managed directly on a server's store (the {@code telltale tokens} command), with the same audit
 * entries as the API. A running server sees a revocation within its token cache lifetime (5 s by default).
 */
public final class TokenAdmin implements AutoCloseable {
    /** A token's public description; the value itself is never stored. */
    public record TokenInfo(String id, String role, String label, Long tokensPerMinute, Instant created, Instant revoked) {}

    /** A new token: {@code token} is shown once. */
    public record NewToken(String token, TokenInfo info) {}

    private final Store store;

    private TokenAdmin(Store store) {
        this.store = store;
    }

    /** Opens the store of a data directory ({@code store} empty = its SQLite file) or a PostgreSQL URL. */
    public static TokenAdmin open(Path dataDir, String store) {
        return new TokenAdmin(new JdbcStore(StoreUrls.parse(store, dataDir)));
    }

    /**
     * @param role            submitter, analyst or admin
     * @param tokensPerMinute rate limit (scored tokens per minute; 0 = none), or null for the role's default
     * @throws IllegalArgumentException for an unknown role or a negative limit
     */
    public NewToken create(String role, String label, Long tokensPerMinute) {
        Tokens.Created c = Tokens.create(store, Role.parse(role), label, tokensPerMinute, "cli");
        return new NewToken(c.token(), info(c.record()));
    }

    /** Revokes a token by id; false if there is no such active token. */
    public boolean revoke(String id) {
        return store.revokeToken(id, Instant.now(), new AuditEvent("cli", "token.revoked", id, Map.of()));
    }

    public List<TokenInfo> list() {
        return store.tokens().stream().map(TokenAdmin::info).toList();
    }

    private static TokenInfo info(TokenRecord r) {
        return new TokenInfo(r.id(), r.role().json(), r.label(), r.tokensPerMinute(), r.created(), r.revoked());
    }

    @Override
    public void close() {
        store.close();
    }
}
