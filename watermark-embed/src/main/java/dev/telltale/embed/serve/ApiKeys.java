package dev.telltale.embed.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Bearer API keys and the accounts they belong to. Keys are held only as SHA-256 digests, so neither a log
 * nor a heap dump of the server lists them, and lookups compare digests.
 *
 * <p>File format ({@link #read}): UTF-8, one key per line, {@code KEY [ACCOUNT [ACCOUNT_ID]]} separated by
 * white space; blank lines and lines starting with {@code #} are ignored. A key is 8 to 256 visible ASCII
 * characters. {@code ACCOUNT} is a name (default: the key's id, 12 hex digits of its SHA-256).
 * {@code ACCOUNT_ID} is the account's number in an account watermark key's space, a decimal integer in
 * [0, N): it picks the per-account watermark of every response served to the key
 * ({@link WatermarkPolicy#forKey}; required with {@code kgw-accounts} and {@code kgw-account-keys} keys,
 * unused otherwise). Several keys may belong to one account; an account has one id and an id one account.
 *
 * <pre>
 * # KEY                      ACCOUNT   ACCOUNT_ID
 * sk-acme-prod-7f3a9c21e4    acme      0
 * sk-acme-ci-0b44d2aa91      acme      0
 * sk-globex-5d1e8e7700aa     globex    1
 * </pre>
 *
 * Errors name the line (or the key's id), never the key.
 */
public final class ApiKeys {
    private final Map<String, Caller> byDigest; // hex SHA-256 of the key -> caller; null = no authentication
    private final List<Entry> entries; // where each caller was defined, for start-up checks

    private record Entry(String where, Caller caller) {}

    private record Line(String where, String key, String account, Long accountId) {}

    private ApiKeys(Map<String, Caller> byDigest, List<Entry> entries) {
        this.byDigest = byDigest;
        this.entries = entries;
    }

    /** No authentication: every request is {@link Caller#ANONYMOUS}. */
    public static ApiKeys open() {
        return new ApiKeys(null, List.of());
    }

    /** Keys mapped to account names (at least one key), without account ids. */
    public static ApiKeys of(Map<String, String> keyToAccount) {
        List<Line> lines = new ArrayList<>();
        keyToAccount.forEach((key, account) -> lines.add(new Line(null, key, account, null)));
        return build(lines);
    }

    /** Keys mapped to account ids (at least one key); account {@code i} is named {@code account-i}. */
    public static ApiKeys withAccountIds(Map<String, Long> keyToAccountId) {
        List<Line> lines = new ArrayList<>();
        keyToAccountId.forEach((key, id) -> lines.add(new Line(null, key, "account-" + id, id)));
        return build(lines);
    }

    /**
     * Reads an API-keys file (see the class comment).
     *
     * @throws IllegalArgumentException naming the line of a malformed or repeated key, or of an account whose
     *                                  id conflicts with an earlier line (never the key)
     */
    public static ApiKeys read(Path file) throws IOException {
        List<String> text = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            String line = text.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + ":" + (i + 1);
            String[] parts = line.split("\\s+");
            if (parts.length > 3) {
                throw new IllegalArgumentException(where + ": expected 'KEY [ACCOUNT [ACCOUNT_ID]]', got " + parts.length
                        + " fields");
            }
            lines.add(new Line(where, parts[0], parts.length > 1 ? parts[1] : null,
                    parts.length > 2 ? accountId(parts[2], where) : null));
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + " lists no API keys");
        }
        return build(lines);
    }

    private static ApiKeys build(List<Line> lines) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("no API keys given");
        }
        Map<String, Caller> byDigest = new HashMap<>();
        Map<String, Long> idOfAccount = new HashMap<>();
        Map<Long, String> accountOfId = new HashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Line l : lines) {
            checkKey(l.key(), (l.where() == null ? "" : l.where() + ": ") + "an API key");
            String digest = digest(l.key());
            String keyId = digest.substring(0, 12);
            String where = l.where() != null ? l.where() : "API key " + keyId;
            String account = l.account() == null || l.account().isBlank() ? keyId : l.account();
            Long id = l.accountId();
            if (id != null) {
                Long had = idOfAccount.putIfAbsent(account, id);
                if (had != null && !had.equals(id)) {
                    throw new IllegalArgumentException(where + ": account '" + account + "' already has id " + had
                            + "; an account has one id");
                }
                String owner = accountOfId.putIfAbsent(id, account);
                if (owner != null && !owner.equals(account)) {
                    throw new IllegalArgumentException(where + ": account id " + id + " already belongs to account '"
                            + owner + "'; two accounts with one id could not be told apart when tracing");
                }
            }
            Caller c = new Caller(account, keyId, id);
            if (byDigest.put(digest, c) != null) {
                throw new IllegalArgumentException(where + ": this key is listed twice");
            }
            entries.add(new Entry(where, c));
        }
        return new ApiKeys(Map.copyOf(byDigest), List.copyOf(entries));
    }

    private static Long accountId(String field, String where) {
        // never echo the field: a line with its columns swapped would print an API key
        if (field.matches("\\d{1,19}")) {
            try {
                return Long.parseLong(field);
            } catch (NumberFormatException e) {
                // too large: fall through
            }
        }
        throw new IllegalArgumentException(where + ": ACCOUNT_ID (the third field) must be a whole number in [0, 2^63)");
    }

    /** True when requests must carry a valid key. */
    public boolean required() {
        return byDigest != null;
    }

    /** Number of keys (0 without authentication). */
    public int size() {
        return byDigest == null ? 0 : byDigest.size();
    }

    /** True when at least one key names an account id. */
    public boolean hasAccountIds() {
        return entries.stream().anyMatch(e -> e.caller().accountId() != null);
    }

    /** Number of distinct account ids the keys map to. */
    public long accountIds() {
        return entries.stream().map(e -> e.caller().accountId()).filter(id -> id != null).distinct().count();
    }

    /**
     * Checks that every key maps to an account id in [0, {@code accounts}): what serving with an account
     * watermark key needs (each response carries its account's component).
     *
     * @param what the watermark key, for messages (a key id and scheme, never a secret)
     * @throws IllegalArgumentException naming the first line without an id or with one outside the space
     */
    public void requireAccountIds(long accounts, String what) {
        if (byDigest == null) {
            throw new IllegalArgumentException(what + " needs API keys mapped to account ids ('KEY ACCOUNT ACCOUNT_ID')");
        }
        for (Entry e : entries) {
            Long id = e.caller().accountId();
            if (id == null) {
                throw new IllegalArgumentException(e.where() + ": no account id; " + what + " watermarks every response for "
                        + "its account: write 'KEY ACCOUNT ACCOUNT_ID' with ACCOUNT_ID in [0, " + accounts + ")");
            }
            if (id >= accounts) {
                throw new IllegalArgumentException(e.where() + ": account id " + id + " is outside the account space [0, "
                        + accounts + ") of " + what);
            }
        }
    }

    /**
     * The caller of a request with this {@code Authorization} header value.
     *
     * @throws OpenAiException 401 when keys are required and the header is missing or names no known key
     */
    public Caller authenticate(String authorization) {
        if (byDigest == null) {
            return Caller.ANONYMOUS;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.substring(7).isBlank()) {
            throw new OpenAiException(401, "invalid_request_error", null, null,
                    "You didn't provide an API key. You need to provide your API key in an Authorization header "
                            + "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
        }
        String key = authorization.substring(7).strip();
        Caller c = byDigest.get(digest(key));
        if (c == null) {
            throw new OpenAiException(401, "invalid_request_error", null, "invalid_api_key",
                    "Incorrect API key provided: " + mask(key) + ".");
        }
        return c;
    }

    /** A key as OpenAI shows it in errors: first and last characters only. */
    static String mask(String key) {
        return key.length() < 8 ? "***" : key.substring(0, 3) + "*".repeat(Math.min(key.length() - 7, 20))
                + key.substring(key.length() - 4);
    }

    private static void checkKey(String key, String what) {
        if (key == null || key.length() < 8 || key.length() > 256 || !key.chars().allMatch(ch -> ch > 32 && ch < 127)) {
            throw new IllegalArgumentException(what + " must be 8 to 256 visible ASCII characters");
        }
    }

    private static String digest(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
