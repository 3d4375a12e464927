package dev.telltale.embed.serve;

/**
 * Who sent a request: the account its API key belongs to (from the API-keys file), a short, loggable id of the
 * key (the first 12 hex digits of its SHA-256; never the key itself) and, when the file gives one, the
 * account's numeric id in an account key's space (docs/attribution.md), which picks the response's
 * per-account watermark.
 *
 * @param account   the account name; {@code "anonymous"} when the server runs without API keys
 * @param keyId     12 hex digits identifying the API key, or null without API keys
 * @param accountId the account's numeric id (≥ 0), or null when the API-keys file gives none
 */
public record Caller(String account, String keyId, Long accountId) {
    /** The caller of a server that runs without API keys. */
    public static final Caller ANONYMOUS = new Caller("anonymous", null, null);

    public Caller {
        if (accountId != null && accountId < 0) {
            throw new IllegalArgumentException("account id must be >= 0, got " + accountId);
        }
    }

    /** A caller without an account id. */
    public Caller(String account, String keyId) {
        this(account, keyId, null);
    }
}
