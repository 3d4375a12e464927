package dev.telltale.core.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Passphrase sealing of secrets at rest: Argon2id (RFC 9106) derives a 256-bit key, AES-256-GCM encrypts
 * with associated data that binds the public part of the file, so that editing it breaks the seal.
 */
public final class Sealer {
    /** Argon2id cost: 19 MiB, 2 passes, 1 lane (OWASP's minimum recommendation). */
    public static final int MEMORY_KIB = 19 * 1024;
    public static final int ITERATIONS = 2;
    public static final int PARALLELISM = 1;

    /** A sealed blob and the parameters needed to open it. */
    public record Sealed(int memoryKib, int iterations, int parallelism, byte[] salt, byte[] nonce, byte[] ciphertext) {}

    /** Thrown when the passphrase is wrong or the sealed data or its associated data was altered. */
    public static final class UnsealException extends Exception {
        public UnsealException(String message) {
            super(message);
        }
    }

    private Sealer() {}

    public static Sealed seal(byte[] plaintext, char[] passphrase, byte[] associatedData, SecureRandom random) {
        byte[] salt = new byte[16];
        byte[] nonce = new byte[12];
        random.nextBytes(salt);
        random.nextBytes(nonce);
        byte[] key = argon2id(passphrase, salt, MEMORY_KIB, ITERATIONS, PARALLELISM);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(associatedData);
            return new Sealed(MEMORY_KIB, ITERATIONS, PARALLELISM, salt, nonce, c.doFinal(plaintext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    public static byte[] open(Sealed s, char[] passphrase, byte[] associatedData) throws UnsealException {
        if (s.memoryKib() < 8 || s.memoryKib() > 4 * 1024 * 1024 || s.iterations() < 1 || s.iterations() > 100
                || s.parallelism() < 1 || s.parallelism() > 64) {
            throw new UnsealException("sealed secret has out-of-range Argon2id parameters");
        }
        byte[] key = argon2id(passphrase, s.salt(), s.memoryKib(), s.iterations(), s.parallelism());
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, s.nonce()));
            c.updateAAD(associatedData);
            return c.doFinal(s.ciphertext());
        } catch (AEADBadTagException e) {
            throw new UnsealException("wrong passphrase, or the key file was modified");
        } catch (GeneralSecurityException e) {
            throw new UnsealException("sealed secret is malformed: " + e.getMessage());
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    static byte[] argon2id(char[] passphrase, byte[] salt, int memoryKib, int iterations, int parallelism) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .build();
        Argon2BytesGenerator gen = new Argon2BytesGenerator();
        gen.init(params);
        ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
        byte[] pw = new byte[bb.remaining()];
        bb.get(pw);
        byte[] out = new byte[32];
        try {
            gen.generateBytes(pw, out);
            return out;
        } finally {
            Arrays.fill(pw, (byte) 0);
            if (bb.hasArray()) {
                Arrays.fill(bb.array(), (byte) 0);
            }
        }
    }
}
