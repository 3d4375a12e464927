package dev.telltale.spark;

import dev.telltale.core.KeyFiles;
import dev.telltale.core.TokenizerImpl;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.detect.Detector;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an executor needs to build the detector, and nothing it should not see: the key file's bytes as they
 * are on disk (the secret sealed under a passphrase, Argon2id → AES-256-GCM), the tokenizer implementation and
 * α. The passphrase is not here: each executor reads it from its own environment
 * ({@value #PASSPHRASE_ENV}), so neither the job's plan, its closures nor a log line ever holds the secret.
 * Shipped to executors as a broadcast variable; {@link #detector()} opens the key once per executor JVM and
 * caches the detector (thread-safe, shared by all tasks).
 */
public final class DetectorSpec implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Environment variable holding the key file's passphrase on every executor (and the driver). */
    public static final String PASSPHRASE_ENV = "TELLTALE_KEY_PASSPHRASE";
    private static final Map<String, Detector> DETECTORS = new ConcurrentHashMap<>();

    private final byte[] keyFile;
    private final String tokenizerImpl;
    private final double alpha;
    private final String cacheKey;

    public DetectorSpec(byte[] keyFile, TokenizerImpl impl, double alpha) {
        this.keyFile = keyFile.clone();
        this.tokenizerImpl = impl.name();
        this.alpha = alpha;
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(keyFile);
            md.update((impl.name() + "/" + alpha).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            this.cacheKey = HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The detector for this spec, built on first use in this JVM. */
    public Detector detector() {
        return DETECTORS.computeIfAbsent(cacheKey, k -> build());
    }

    private Detector build() {
        WatermarkKey key = openKey();
        return new Detector(key, Tokenizers.forKey(key, TokenizerImpl.valueOf(tokenizerImpl)), alpha);
    }

    /**
     * Opens the key (KeyFiles reads files, so the bytes go to an owner-only temporary file that is deleted at
     * once; they are the sealed form unless the key is a development key).
     */
    WatermarkKey openKey() {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("telltale-key", ".json",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(tmp, keyFile);
            return KeyFiles.read(tmp, () -> {
                String p = System.getenv(PASSPHRASE_ENV);
                if (p == null || p.isEmpty()) {
                    throw new KeyFiles.KeyFileException("the key file is sealed: set " + PASSPHRASE_ENV
                            + " in the executors' environment (e.g. spark.executorEnv or the cluster's secret store)");
                }
                return p.toCharArray();
            });
        } catch (KeyFiles.KeyFileException e) {
            throw new IllegalArgumentException(e.getMessage().replace(String.valueOf(tmp), "the job's key file"), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the key file on this executor", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the file holds the sealed key only
                }
            }
        }
    }

    @Override
    public String toString() {
        return "DetectorSpec[sealed key file of " + keyFile.length + " bytes, tokenizer impl " + tokenizerImpl + ", alpha " + alpha + "]";
    }
}
