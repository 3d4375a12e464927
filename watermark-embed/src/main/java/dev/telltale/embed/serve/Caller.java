package dev.telltale.embed.serve;

/**
 * Who sent a request: the account its API key belongs to (from the API-keys file) and a short, loggable id
 * of the key (the first 12 hex digits of its SHA-256; never the key itself).
 *
 * @param account the account name; {@code "anonymous"} when the server runs without API keys
 * @param keyId   12 hex digits identifying the API key, or null without API keys
 */
public record Caller(String account, String keyId) {
    /** The caller of a server that runs without API keys. */
    public static final Caller ANONYMOUS = new Caller("anonymous", null);
}
