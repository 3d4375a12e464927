package dev.telltale.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.telltale.core.KeyFiles;
import dev.telltale.core.SealedSecrets;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The server's Ed25519 report-signing key, generated on first start and kept in {@code DATA/signing-key.json}
 * sealed like watermark keys ({@link SealedSecrets}: Argon2id → AES-256-GCM, the public part as associated
 * data), or in clear for development servers that were told so explicitly.
 *
 * <pre>
 * {"format":"telltale-signing-key/v1","algorithm":"Ed25519","created":"…","public_key":"base64 (32 bytes)",
 *  "public_key_sha256":"…","sealed_private_key":{…}}          (or "insecure_plaintext_private_key":"hex")
 * </pre>
 */
public final class SigningKey {
    public static final String FORMAT = "telltale-signing-key/v1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Ed25519PrivateKeyParameters privateKey;
    private final byte[] publicKey;
    private final String fingerprint;

    private SigningKey(byte[] seed) {
        this.privateKey = new Ed25519PrivateKeyParameters(seed, 0);
        this.publicKey = privateKey.generatePublicKey().getEncoded();
        this.fingerprint = Ed25519.fingerprint(publicKey);
    }

    /**
     * Opens {@code file}, or creates it when absent.
     *
     * @param passphrase     seals/opens the private key; null means no passphrase is available
     * @param allowPlaintext without a passphrase, create (and accept) a development key in clear
     */
    public static SigningKey loadOrCreate(Path file, char[] passphrase, boolean allowPlaintext, PrintStream log)
            throws KeyFiles.KeyFileException, IOException {
        if (Files.exists(file)) {
            return open(file, passphrase, allowPlaintext);
        }
        if (passphrase == null && !allowPlaintext) {
            throw new KeyFiles.KeyFileException("no signing key yet and no passphrase to seal one: set TELLTALE_KEY_PASSPHRASE "
                    + "(or start a development server with --insecure-plaintext-signing-key)");
        }
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        SigningKey k = new SigningKey(seed);
        ObjectNode root = k.publicPart(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        if (passphrase != null) {
            root.set("sealed_private_key", SealedSecrets.seal(seed, passphrase, associatedData(root)));
        } else {
            root.put("insecure_plaintext_private_key", HexFormat.of().formatHex(seed));
        }
        Arrays.fill(seed, (byte) 0);
        writePrivate(file, JSON.writeValueAsBytes(root));
        log.println("created the report signing key " + file + " (" + (passphrase != null ? "sealed" : "INSECURE plaintext")
                + "), fingerprint sha256:" + k.fingerprint);
        return k;
    }

    private static SigningKey open(Path file, char[] passphrase, boolean allowPlaintext) throws KeyFiles.KeyFileException, IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new KeyFiles.KeyFileException("signing key " + file + " is not valid JSON");
        }
        if (root == null || !FORMAT.equals(root.path("format").asText()) || !"Ed25519".equals(root.path("algorithm").asText())) {
            throw new KeyFiles.KeyFileException("signing key " + file + " is not a " + FORMAT + " Ed25519 key file");
        }
        byte[] seed;
        JsonNode plain = root.get("insecure_plaintext_private_key");
        if (plain != null) {
            if (!allowPlaintext) {
                throw new KeyFiles.KeyFileException("signing key " + file + " is stored in clear; pass --insecure-plaintext-signing-key "
                        + "to use it, or replace it with a sealed one");
            }
            seed = HexFormat.of().parseHex(plain.asText());
        } else {
            String what = "signing key " + file;
            SealedSecrets.requireSupported(root.get("sealed_private_key"), what);
            if (passphrase == null) {
                throw new KeyFiles.KeyFileException(what + " is sealed: set TELLTALE_KEY_PASSPHRASE");
            }
            seed = SealedSecrets.open(root.get("sealed_private_key"), passphrase, associatedData(root), what);
        }
        if (seed.length != 32) {
            throw new KeyFiles.KeyFileException("signing key " + file + " is malformed: the private key must be 32 bytes");
        }
        SigningKey k = new SigningKey(seed);
        Arrays.fill(seed, (byte) 0);
        if (!Arrays.equals(k.publicKey, Base64.getDecoder().decode(root.path("public_key").asText()))) {
            throw new KeyFiles.KeyFileException("signing key " + file + " is corrupted: its private key does not match its public key");
        }
        return k;
    }

    /** Ed25519 signature (64 bytes) of {@code message}. */
    public byte[] sign(byte[] message) {
        Ed25519Signer s = new Ed25519Signer();
        s.init(true, privateKey);
        s.update(message, 0, message.length);
        return s.generateSignature();
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    public String publicKeyPem() {
        return Ed25519.pem(publicKey);
    }

    /** SHA-256 (hex) of the public key's SubjectPublicKeyInfo DER. */
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public String toString() {
        return "SigningKey[Ed25519, sha256:" + fingerprint + "]";
    }

    private ObjectNode publicPart(Instant created) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("algorithm", "Ed25519");
        root.put("created", created.toString());
        root.put("public_key", Base64.getEncoder().encodeToString(publicKey));
        root.put("public_key_sha256", fingerprint);
        return root;
    }

    private static byte[] associatedData(JsonNode root) {
        ObjectNode ad = JSON.createObjectNode();
        for (String f : new String[] {"format", "algorithm", "created", "public_key"}) {
            ad.set(f, root.get(f));
        }
        return Jcs.canonicalize(ad);
    }

    private static void writePrivate(Path path, byte[] content) throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.write(tmp, content);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // non-POSIX file system
        }
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
