package dev.telltale.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.telltale.core.internal.Sealer;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The {@code sealed_secret} JSON object of key files, for any secret kept at rest under a passphrase
 * (watermark keys, the verifier server's signing key): Argon2id (m = 19 MiB, t = 2, p = 1) derives an
 * AES-256-GCM key; the associated data binds whatever public fields the caller chooses, so editing them
 * breaks the seal.
 *
 * <pre>
 * {"kdf":"argon2id","m_kib":19456,"t":2,"p":1,"salt":"…","cipher":"aes-256-gcm","nonce":"…","ciphertext":"…"}
 * </pre>
 */
public final class SealedSecrets {
    private SealedSecrets() {}

    /** Seals {@code secret} under {@code passphrase}, bound to {@code associatedData}. */
    public static ObjectNode seal(byte[] secret, char[] passphrase, byte[] associatedData) {
        if (passphrase == null || passphrase.length == 0) {
            throw new IllegalArgumentException("an empty passphrase cannot seal a secret");
        }
        Sealer.Sealed s = Sealer.seal(secret, passphrase, associatedData, new SecureRandom());
        ObjectNode sealed = JsonNodeFactory.instance.objectNode();
        sealed.put("kdf", "argon2id");
        sealed.put("m_kib", s.memoryKib());
        sealed.put("t", s.iterations());
        sealed.put("p", s.parallelism());
        sealed.put("salt", Base64.getEncoder().encodeToString(s.salt()));
        sealed.put("cipher", "aes-256-gcm");
        sealed.put("nonce", Base64.getEncoder().encodeToString(s.nonce()));
        sealed.put("ciphertext", Base64.getEncoder().encodeToString(s.ciphertext()));
        return sealed;
    }

    /** Checks that {@code sealed} is a seal this version opens, before anyone is asked for a passphrase. */
    public static void requireSupported(JsonNode sealed, String what) throws KeyFiles.KeyFileException {
        if (sealed == null || !sealed.isObject()) {
            throw new KeyFiles.KeyFileException(what + " has no sealed secret object");
        }
        if (!"argon2id".equals(sealed.path("kdf").asText()) || !"aes-256-gcm".equals(sealed.path("cipher").asText())) {
            throw new KeyFiles.KeyFileException(what + " uses an unsupported seal (need argon2id + aes-256-gcm)");
        }
    }

    /**
     * Opens a {@link #seal sealed} object.
     *
     * @param what names the file in messages (e.g. "key file k.json")
     * @throws KeyFiles.KeyFileException for an unsupported seal, malformed fields, a wrong passphrase or
     *                                   altered associated data
     */
    public static byte[] open(JsonNode sealed, char[] passphrase, byte[] associatedData, String what)
            throws KeyFiles.KeyFileException {
        requireSupported(sealed, what);
        Sealer.Sealed s;
        try {
            s = new Sealer.Sealed(sealed.path("m_kib").asInt(), sealed.path("t").asInt(), sealed.path("p").asInt(),
                    Base64.getDecoder().decode(sealed.path("salt").asText()),
                    Base64.getDecoder().decode(sealed.path("nonce").asText()),
                    Base64.getDecoder().decode(sealed.path("ciphertext").asText()));
        } catch (IllegalArgumentException e) {
            throw new KeyFiles.KeyFileException(what + " is malformed: sealed fields are not base64");
        }
        try {
            return Sealer.open(s, passphrase, associatedData);
        } catch (Sealer.UnsealException e) {
            throw new KeyFiles.KeyFileException("cannot open " + what + ": " + e.getMessage());
        }
    }
}
