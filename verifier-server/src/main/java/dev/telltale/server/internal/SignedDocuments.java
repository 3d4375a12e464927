package dev.telltale.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;

/**
 * The signed envelope of reports and audit exports:
 *
 * <pre>
 * {"report": {…},
 *  "signature": {"algorithm":"Ed25519","canonicalization":"RFC 8785","public_key":"base64 (32 bytes)",
 *                "public_key_sha256":"…","value":"base64 (64 bytes)"},
 *  "canonical_report": "base64 of the exact signed bytes"}
 * </pre>
 *
 * The signature covers the RFC 8785 canonical UTF-8 bytes of the {@code report} member. {@code canonical_report}
 * holds those bytes so that a reader without a JCS implementation can check the signature with
 * {@code openssl pkeyutl -verify -rawin}; verifiers also check that it equals the canonical form of
 * {@code report}, so neither part can be edited alone.
 */
public final class SignedDocuments {
    public static final String ALGORITHM = "Ed25519";
    public static final String CANONICALIZATION = "RFC 8785";

    private SignedDocuments() {}

    /** Signs {@code body} and wraps it under {@code member} ("report", or "head" for audit exports). */
    public static ObjectNode sign(String member, JsonNode body, SigningKey key) {
        byte[] canonical = Jcs.canonicalize(body);
        ObjectNode env = JsonNodeFactory.instance.objectNode();
        env.set(member, body);
        ObjectNode sig = env.putObject("signature");
        sig.put("algorithm", ALGORITHM);
        sig.put("canonicalization", CANONICALIZATION);
        sig.put("public_key", Base64.getEncoder().encodeToString(key.publicKey()));
        sig.put("public_key_sha256", key.fingerprint());
        sig.put("value", Base64.getEncoder().encodeToString(key.sign(canonical)));
        env.put("canonical_" + member, Base64.getEncoder().encodeToString(canonical));
        return env;
    }
}
