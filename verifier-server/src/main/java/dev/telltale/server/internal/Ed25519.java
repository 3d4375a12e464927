package dev.telltale.server.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Ed25519 public keys as files and fingerprints: SubjectPublicKeyInfo DER (RFC 8410: the fixed 12-byte prefix
 * then the 32-byte key), PEM "PUBLIC KEY" as OpenSSL reads it, and the fingerprint = SHA-256 of that DER
 * (the same as {@code openssl pkey -pubin -outform DER | sha256sum}). Bouncy Castle does the signature maths.
 */
public final class Ed25519 {
    /** SEQUENCE { SEQUENCE { OID 1.3.101.112 } BIT STRING (33 bytes) }. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private Ed25519() {}

    public static byte[] spkiDer(byte[] rawPublicKey) {
        if (rawPublicKey.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes, got " + rawPublicKey.length);
        }
        byte[] der = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + 32);
        System.arraycopy(rawPublicKey, 0, der, SPKI_PREFIX.length, 32);
        return der;
    }

    public static String pem(byte[] rawPublicKey) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(spkiDer(rawPublicKey));
        return "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n";
    }

    /** The raw 32-byte key of a PEM "PUBLIC KEY" holding an Ed25519 SubjectPublicKeyInfo. */
    public static byte[] parsePem(String pem) {
        String body = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "").replaceAll("\\s", "");
        if (!pem.contains("-----BEGIN PUBLIC KEY-----") || body.isEmpty()) {
            throw new IllegalArgumentException("not a PEM public key (expected -----BEGIN PUBLIC KEY-----)");
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PEM public key is not valid base64");
        }
        if (der.length != SPKI_PREFIX.length + 32 || !Arrays.equals(Arrays.copyOf(der, SPKI_PREFIX.length), SPKI_PREFIX)) {
            throw new IllegalArgumentException("PEM public key is not an Ed25519 key");
        }
        return Arrays.copyOfRange(der, SPKI_PREFIX.length, der.length);
    }

    /** SHA-256 (hex) of the SubjectPublicKeyInfo DER. */
    public static String fingerprint(byte[] rawPublicKey) {
        return HexFormat.of().formatHex(sha256(spkiDer(rawPublicKey)));
    }

    public static boolean verify(byte[] rawPublicKey, byte[] message, byte[] signature) {
        if (signature.length != 64) {
            return false;
        }
        Ed25519Signer v = new Ed25519Signer();
        v.init(false, new Ed25519PublicKeyParameters(rawPublicKey, 0));
        v.update(message, 0, message.length);
        return v.verifySignature(signature);
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
