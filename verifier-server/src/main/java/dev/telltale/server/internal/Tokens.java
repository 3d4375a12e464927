package dev.telltale.server.internal;

import dev.telltale.server.internal.StoreRecords.AuditEvent;
import dev.telltale.server.internal.StoreRecords.TokenRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer API tokens: {@code tt_} + 43 base64url characters (256 random bits), stored only as SHA-256 hex. A
 * token is looked up by its hash, compared in constant time, and cached for a few seconds so a detection
 * costs no database read; revocation through this server is immediate, through another server or the CLI
 * within the cache lifetime.
 */
public final class Tokens {
    /** Who is calling. */
    public record Principal(String tokenId, Role role, Long tokensPerMinute) {}

    private record Cached(Principal principal, String hash, long expiresNanos) {}

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Store store;
    private final long cacheNanos;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public Tokens(Store store, long cacheMillis) {
        this.store = store;
        this.cacheNanos = cacheMillis * 1_000_000L;
    }

    /** A new token (shown once) and its stored record. */
    public record Created(String token, TokenRecord record) {}

    /** Creates and stores a token; the plaintext is returned once and never stored. */
    public static Created create(Store store, Role role, String label, Long tokensPerMinute, String actor) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = "tt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        byte[] idBytes = new byte[8];
        RANDOM.nextBytes(idBytes);
        String id = "tok_" + HexFormat.of().formatHex(idBytes);
        if (tokensPerMinute != null && tokensPerMinute < 0) {
            throw new IllegalArgumentException("tokens per minute must be >= 0 (0 = unlimited), got " + tokensPerMinute);
        }
        TokenRecord rec = new TokenRecord(id, hash(token), role, label, tokensPerMinute, Instant.now(), null);
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("role", role.json());
        details.put("label", label);
        details.put("tokens_per_minute", tokensPerMinute);
        store.insertToken(rec, new AuditEvent(actor, "token.created", id, details));
        return new Created(token, rec);
    }

    /** SHA-256 hex of a token's UTF-8 bytes. */
    public static String hash(String token) {
        return HexFormat.of().formatHex(Ed25519.sha256(token.getBytes(StandardCharsets.UTF_8)));
    }

    /** The principal of an {@code Authorization: Bearer …} header, or a 401. */
    public Principal authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiError(401, "unauthorized", "missing bearer token: send 'Authorization: Bearer <token>'");
        }
        String token = authorization.substring(7).trim();
        if (!token.startsWith("tt_") || token.length() > 100) {
            throw new ApiError(401, "unauthorized", "invalid or revoked token");
        }
        String h = hash(token);
        long now = System.nanoTime();
        Cached c = cache.get(h);
        if (c == null || now - c.expiresNanos > 0) {
            Optional<TokenRecord> rec = store.tokenByHash(h);
            Principal p = rec.filter(r -> r.revoked() == null)
                    .map(r -> new Principal(r.id(), r.role(), r.tokensPerMinute())).orElse(null);
            c = new Cached(p, rec.map(TokenRecord::hash).orElse(""), now + cacheNanos);
            if (cache.size() > 10_000) {
                cache.clear();
            }
            cache.put(h, c);
        }
        if (c.principal() == null
                || !MessageDigest.isEqual(h.getBytes(StandardCharsets.US_ASCII), c.hash().getBytes(StandardCharsets.US_ASCII))) {
            throw new ApiError(401, "unauthorized", "invalid or revoked token");
        }
        return c.principal();
    }

    /** Forgets cached lookups (after a revocation). */
    public void invalidate() {
        cache.clear();
    }
}
