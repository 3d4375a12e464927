package dev.telltale.core.internal;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF-SHA256 (RFC 5869) behind our own small interface; Bouncy Castle does the work. */
public final class Hkdf {
    /** The salt of every Telltale sub-key derivation (DESIGN.md §3). */
    public static final byte[] SALT = "telltale".getBytes(StandardCharsets.US_ASCII);

    private Hkdf() {}

    public static byte[] derive(byte[] ikm, byte[] salt, String info, int length) {
        HKDFBytesGenerator gen = new HKDFBytesGenerator(new SHA256Digest());
        gen.init(new HKDFParameters(ikm, salt, info.getBytes(StandardCharsets.UTF_8)));
        byte[] out = new byte[length];
        gen.generateBytes(out, 0, length);
        return out;
    }
}
