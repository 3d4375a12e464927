package dev.telltale.core;

import dev.telltale.core.internal.Hkdf;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A watermark key: a 32-byte secret, immutable scheme parameters, the tokenizer it was made for, and a
 * public key id (DESIGN.md §3, contract).
 *
 * <p>The secret is reachable only through {@link #revealSecret()} (grep for it); {@link #toString()} shows
 * the scheme and key id only; {@link #equals} compares secrets in constant time. Not a record on purpose.
 */
public final class WatermarkKey {
    public static final int SECRET_BYTES = 32;
    private static final byte[] KEY_ID_LABEL = "telltale-key-id/v1".getBytes(StandardCharsets.US_ASCII);

    private final byte[] secret;
    private final String keyId;
    private final SchemeParameters scheme;
    private final TokenizerRef tokenizer;
    private final Instant created;
    private final Tt1Prf prf;

    private WatermarkKey(byte[] secret, SchemeParameters scheme, TokenizerRef tokenizer, Instant created) {
        if (secret.length != SECRET_BYTES) {
            throw new IllegalArgumentException("a watermark secret is 32 bytes, got " + secret.length);
        }
        this.secret = secret.clone();
        this.scheme = Objects.requireNonNull(scheme, "scheme");
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.created = Objects.requireNonNull(created, "created");
        this.keyId = keyIdOf(this.secret);
        this.prf = Tt1Prf.fromSecret(this.secret);
    }

    /** A fresh key with a secret from {@code random} (use {@link SecureRandom} outside tests). */
    public static WatermarkKey generate(SchemeParameters scheme, TokenizerRef tokenizer, SecureRandom random) {
        byte[] s = new byte[SECRET_BYTES];
        random.nextBytes(s);
        return new WatermarkKey(s, scheme, tokenizer, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    /** Rebuilds a key from its secret (key files, test vectors). */
    public static WatermarkKey fromSecret(byte[] secret, SchemeParameters scheme, TokenizerRef tokenizer,
                                          Instant created) {
        return new WatermarkKey(secret, scheme, tokenizer, created);
    }

    /** Key id = hex of the first 8 bytes of SHA-256("telltale-key-id/v1" || secret). */
    public static String keyIdOf(byte[] secret) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(KEY_ID_LABEL);
            d.update(secret);
            return HexFormat.of().formatHex(d.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    public String keyId() {
        return keyId;
    }

    public SchemeParameters scheme() {
        return scheme;
    }

    public TokenizerRef tokenizer() {
        return tokenizer;
    }

    public Instant created() {
        return created;
    }

    /** The keyed tt1 PRF of this key. */
    public Tt1Prf prf() {
        return prf;
    }

    /** A labelled sub-key: HKDF-SHA256(secret, salt "telltale", info), e.g. {@code telltale/v1/account/42}. */
    public byte[] deriveSubkey(String info, int length) {
        return Hkdf.derive(secret, Hkdf.SALT, info, length);
    }

    /** A copy of the secret. The only way to read it: used to seal key files, never to print. */
    public byte[] revealSecret() {
        return secret.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WatermarkKey k
                && MessageDigest.isEqual(secret, k.secret)
                && scheme.equals(k.scheme)
                && tokenizer.equals(k.tokenizer);
    }

    @Override
    public int hashCode() {
        return keyId.hashCode();
    }

    @Override
    public String toString() {
        return "WatermarkKey[scheme=" + scheme.schemeId() + ", id=" + keyId + "]";
    }
}
