package dev.telltale.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telltale.server.internal.Ed25519;
import dev.telltale.server.internal.Jcs;
import dev.telltale.server.internal.SignedDocuments;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Verifies signed documents offline (reports, and the signed head of audit exports): the Ed25519 signature
 * over the RFC 8785 canonical bytes of the signed member, the public key's fingerprint, the
 * {@code canonical_*} copy, and optionally that the signer is a pinned public key.
 */
public final class ReportVerifier {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A document that verified. */
    public record Verified(JsonNode body, String signerFingerprint, boolean pinned) {}

    private ReportVerifier() {}

    /** Verifies a signed report file's bytes. */
    public static Verified verifyReport(byte[] file, String pinnedPublicKeyPem) throws VerificationException {
        JsonNode env;
        try {
            env = JSON.readTree(file);
        } catch (IOException e) {
            throw new VerificationException("not a JSON document");
        }
        return verify(env, "report", pinnedPublicKeyPem);
    }

    /**
     * Verifies the envelope {@code env} whose signed member is {@code member}.
     *
     * @param pinnedPublicKeyPem the expected signer (PEM), or null to accept the key the document names
     */
    public static Verified verify(JsonNode env, String member, String pinnedPublicKeyPem) throws VerificationException {
        if (env == null || !env.isObject() || !env.path(member).isObject() || !env.path("signature").isObject()) {
            throw new VerificationException("not a signed telltale document (needs \"" + member + "\" and \"signature\" objects)");
        }
        JsonNode sig = env.get("signature");
        if (!SignedDocuments.ALGORITHM.equals(sig.path("algorithm").asText())
                || !SignedDocuments.CANONICALIZATION.equals(sig.path("canonicalization").asText())) {
            throw new VerificationException("unsupported signature: algorithm '" + sig.path("algorithm").asText()
                    + "', canonicalization '" + sig.path("canonicalization").asText() + "' (need Ed25519 over RFC 8785)");
        }
        byte[] publicKey;
        byte[] value;
        try {
            publicKey = Base64.getDecoder().decode(sig.path("public_key").asText());
            value = Base64.getDecoder().decode(sig.path("value").asText());
        } catch (IllegalArgumentException e) {
            throw new VerificationException("signature fields are not base64");
        }
        if (publicKey.length != 32) {
            throw new VerificationException("signature public key is not a 32-byte Ed25519 key");
        }
        String fingerprint = Ed25519.fingerprint(publicKey);
        if (!fingerprint.equals(sig.path("public_key_sha256").asText())) {
            throw new VerificationException("public_key_sha256 does not match the public key in the signature");
        }
        boolean pinned = false;
        if (pinnedPublicKeyPem != null) {
            byte[] expected;
            try {
                expected = Ed25519.parsePem(pinnedPublicKeyPem);
            } catch (IllegalArgumentException e) {
                throw new VerificationException("pinned public key: " + e.getMessage());
            }
            if (!Arrays.equals(expected, publicKey)) {
                throw new VerificationException("signed by key sha256:" + fingerprint + ", not by the pinned key sha256:"
                        + Ed25519.fingerprint(expected));
            }
            pinned = true;
        }
        byte[] canonical;
        try {
            canonical = Jcs.canonicalize(env.get(member));
        } catch (IllegalArgumentException e) {
            throw new VerificationException(member + " cannot be canonicalised: " + e.getMessage());
        }
        JsonNode copy = env.get("canonical_" + member);
        if (copy != null) {
            byte[] copied;
            try {
                copied = Base64.getDecoder().decode(copy.asText());
            } catch (IllegalArgumentException e) {
                throw new VerificationException("canonical_" + member + " is not base64");
            }
            if (!Arrays.equals(copied, canonical)) {
                throw new VerificationException("canonical_" + member + " differs from the canonical form of " + member
                        + ": one of them was edited");
            }
        }
        if (!Ed25519.verify(publicKey, canonical, value)) {
            throw new VerificationException("signature does not match the " + member + ": it was altered after signing, "
                    + "or signed by another key");
        }
        return new Verified(env.get(member), fingerprint, pinned);
    }
}
