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

    /** HKDF-Extract: the pseudorandom key PRK = HMAC-SHA256(salt, ikm) that {@link #expand} reuses. */
    public static byte[] extract(byte[] ikm, byte[] salt) {
        org.bouncycastle.crypto.macs.HMac hmac = new org.bouncycastle.crypto.macs.HMac(new SHA256Digest());
        hmac.init(new org.bouncycastle.crypto.params.KeyParameter(salt));
        hmac.update(ikm, 0, ikm.length);
        byte[] prk = new byte[hmac.getMacSize()];
        hmac.doFinal(prk, 0);
        return prk;
    }

    /**
     * HKDF-Expand from a PRK made by {@link #extract}: {@code expand(extract(ikm, salt), info, n)} equals
     * {@code derive(ikm, salt, info, n)}, at the cost of the expansion alone (many labels, one secret).
     */
    public static byte[] expand(byte[] prk, String info, int length) {
        HKDFBytesGenerator gen = new HKDFBytesGenerator(new SHA256Digest());
        gen.init(HKDFParameters.skipExtractParameters(prk, info.getBytes(StandardCharsets.UTF_8)));
        byte[] out = new byte[length];
        gen.generateBytes(out, 0, length);
        return out;
    }
}
