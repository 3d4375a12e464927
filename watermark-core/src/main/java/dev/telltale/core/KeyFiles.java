package dev.telltale.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Reads and writes key files (JSON). The public part (format, key id, scheme, tokenizer, created) is plain;
 * the secret is sealed with a passphrase (Argon2id → AES-256-GCM, the public part as associated data), or,
 * for development keys only, stored in hex under {@code insecure_plaintext_secret}.
 *
 * <pre>
 * {"format":"telltale-key/v1","key_id":"…","prf":"tt1","created":"…",
 *  "scheme":{"id":"kgw","gamma":0.25,"delta":2.0,"context_width":2},
 *  "tokenizer":{"id":"qwen3","sha256":"…","vocab_size":151669},
 *  "sealed_secret":{"kdf":"argon2id","m_kib":19456,"t":2,"p":1,"salt":"…","cipher":"aes-256-gcm","nonce":"…","ciphertext":"…"}}
 * </pre>
 */
public final class KeyFiles {
    public static final String FORMAT = "telltale-key/v1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A key file that cannot be used: missing, unreadable, malformed, or the passphrase is wrong. */
    public static final class KeyFileException extends Exception {
        public KeyFileException(String message) {
            super(message);
        }
    }

    /** Supplies the passphrase only when a sealed file needs it. */
    @FunctionalInterface
    public interface PassphraseSource {
        char[] passphrase() throws KeyFileException;
    }

    private KeyFiles() {}

    /** Writes {@code key} sealed under {@code passphrase} (owner-only permissions where supported). */
    public static void writeSealed(WatermarkKey key, Path path, char[] passphrase) throws IOException {
        if (passphrase == null || passphrase.length == 0) {
            throw new IllegalArgumentException("an empty passphrase cannot seal a key; use --insecure-plaintext for development keys");
        }
        ObjectNode root = publicPart(key);
        byte[] secret = key.revealSecret();
        try {
            root.set("sealed_secret", SealedSecrets.seal(secret, passphrase, associatedData(root)));
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        writePrivate(path, JSON.writeValueAsBytes(root));
    }

    /** Writes a development key with the secret in clear (flagged in the file). */
    public static void writeInsecurePlaintext(WatermarkKey key, Path path) throws IOException {
        ObjectNode root = publicPart(key);
        byte[] secret = key.revealSecret();
        root.put("insecure_plaintext_secret", HexFormat.of().formatHex(secret));
        Arrays.fill(secret, (byte) 0);
        writePrivate(path, JSON.writeValueAsBytes(root));
    }

    /** Reads a key file; asks {@code passphrase} only if the file is sealed. */
    public static WatermarkKey read(Path path, PassphraseSource passphrase) throws KeyFileException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new KeyFileException("key file not found: " + path);
        } catch (IOException e) {
            throw new KeyFileException("cannot read key file " + path + ": " + e.getMessage());
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new KeyFileException("key file " + path + " is not valid JSON");
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
            throw new KeyFileException("key file " + path + " is not a " + FORMAT + " key file");
        }
        try {
            SchemeParameters scheme = Schemes.fromJson(root.get("scheme"));
            JsonNode t = root.path("tokenizer");
            TokenizerRef tok = new TokenizerRef(t.path("id").asText(), t.path("sha256").asText(), t.path("vocab_size").asInt());
            Instant created = Instant.parse(root.path("created").asText());
            if (!Tt1Prf.ID.equals(root.path("prf").asText())) {
                throw new KeyFileException("key file names an unknown PRF '" + root.path("prf").asText() + "'");
            }
            byte[] secret = readSecret(root, passphrase, path);
            try {
                WatermarkKey key = WatermarkKey.fromSecret(secret, scheme, tok, created);
                if (!key.keyId().equals(root.path("key_id").asText())) {
                    throw new KeyFileException("key file " + path + " is corrupted: its secret does not match its key id");
                }
                return key;
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new KeyFileException("key file " + path + " is malformed: " + e.getMessage());
        }
    }

    private static byte[] readSecret(JsonNode root, PassphraseSource passphrase, Path path) throws KeyFileException {
        JsonNode plain = root.get("insecure_plaintext_secret");
        JsonNode sealed = root.get("sealed_secret");
        if (plain != null && sealed == null) {
            byte[] s = HexFormat.of().parseHex(plain.asText());
            if (s.length != WatermarkKey.SECRET_BYTES) {
                throw new KeyFileException("key file " + path + " is malformed: secret must be 32 bytes");
            }
            return s;
        }
        if (sealed == null || plain != null) {
            throw new KeyFileException("key file " + path + " must hold exactly one of sealed_secret or insecure_plaintext_secret");
        }
        SealedSecrets.requireSupported(sealed, "key file " + path);
        char[] pw = passphrase.passphrase();
        try {
            byte[] secret = SealedSecrets.open(sealed, pw, associatedData(publicPartOf(root)), "key file " + path);
            if (secret.length != WatermarkKey.SECRET_BYTES) {
                throw new KeyFileException("key file " + path + " is malformed: secret must be 32 bytes");
            }
            return secret;
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    /** The public part of a key as it appears at the top of its file. */
    public static ObjectNode publicPart(WatermarkKey key) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("key_id", key.keyId());
        root.put("prf", Tt1Prf.ID);
        root.put("created", key.created().toString());
        root.set("scheme", JSON.valueToTree(key.scheme().toJson()));
        root.set("tokenizer", JSON.valueToTree(key.tokenizer().toJson()));
        return root;
    }

    private static ObjectNode publicPartOf(JsonNode root) {
        ObjectNode copy = JSON.createObjectNode();
        for (String f : new String[] {"format", "key_id", "prf", "created", "scheme", "tokenizer"}) {
            if (root.has(f)) {
                copy.set(f, root.get(f));
            }
        }
        return copy;
    }

    /** Associated data: the public fields serialised compactly in a fixed order. */
    private static byte[] associatedData(ObjectNode publicPart) {
        try {
            return new ObjectMapper().writeValueAsString(publicPartOf(publicPart)).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writePrivate(Path path, byte[] content) throws IOException {
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.write(tmp, content, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // non-POSIX file system: best effort
        }
        Files.move(tmp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
