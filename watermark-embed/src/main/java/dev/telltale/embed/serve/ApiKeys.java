package dev.telltale.embed.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bearer API keys and the accounts they belong to. Keys are held only as SHA-256 digests, so neither a log
 * nor a heap dump of the server lists them, and lookups compare digests.
 *
 * <p>File format ({@link #read}): UTF-8, one key per line, {@code KEY [ACCOUNT]} separated by white space;
 * blank lines and lines starting with {@code #} are ignored; the account defaults to the key's id. A key is
 * 8 to 256 visible ASCII characters.
 */
public final class ApiKeys {
    private final Map<String, Caller> byDigest; // hex SHA-256 of the key -> caller; null = no authentication

    private ApiKeys(Map<String, Caller> byDigest) {
        this.byDigest = byDigest;
    }

    /** No authentication: every request is {@link Caller#ANONYMOUS}. */
    public static ApiKeys open() {
        return new ApiKeys(null);
    }

    /** Keys mapped to account names (at least one key). */
    public static ApiKeys of(Map<String, String> keyToAccount) {
        if (keyToAccount.isEmpty()) {
            throw new IllegalArgumentException("no API keys given");
        }
        Map<String, Caller> m = new HashMap<>();
        keyToAccount.forEach((key, account) -> {
            checkKey(key, "API key");
            String digest = digest(key);
            m.put(digest, new Caller(account == null || account.isBlank() ? digest.substring(0, 12) : account,
                    digest.substring(0, 12)));
        });
        return new ApiKeys(Map.copyOf(m));
    }

    /**
     * Reads an API-keys file (see the class comment).
     *
     * @throws IllegalArgumentException naming the line of a malformed or repeated key (never the key)
     */
    public static ApiKeys read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, String> keys = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length > 2) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected 'KEY [ACCOUNT]'");
            }
            checkKey(parts[0], file + ":" + (i + 1) + ": the key");
            if (keys.put(parts[0], parts.length == 2 ? parts[1] : null) != null) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": this key is listed twice");
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(file + " lists no API keys");
        }
        return of(keys);
    }

    /** True when requests must carry a valid key. */
    public boolean required() {
        return byDigest != null;
    }

    /** Number of keys (0 without authentication). */
    public int size() {
        return byDigest == null ? 0 : byDigest.size();
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
