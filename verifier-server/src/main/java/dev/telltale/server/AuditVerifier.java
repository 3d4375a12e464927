package dev.telltale.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telltale.server.internal.AuditChain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Verifies an exported audit log ({@code GET /v1/audit}): entries numbered 1, 2, … in order, each one's
 * {@code prev_hash} equal to the previous entry's hash, each hash equal to SHA-256 of the canonical entry,
 * and a last line whose signed head names the entry count and the last hash. Any edited, removed,
 * inserted or reordered entry fails, with the line that breaks the chain.
 */
public final class AuditVerifier {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A log that verified. */
    public record Verified(long entries, String lastHash, String signerFingerprint, boolean pinned) {}

    private AuditVerifier() {}

    public static Verified verify(byte[] export, String pinnedPublicKeyPem) throws VerificationException {
        List<String> lines = new String(export, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            throw new VerificationException("empty audit export");
        }
        String prev = AuditChain.GENESIS;
        long seq = 0;
        for (int i = 0; i < lines.size() - 1; i++) {
            JsonNode e = parse(lines.get(i), i + 1);
            if (e.path("seq").asLong(-1) != seq + 1) {
                throw new VerificationException("line " + (i + 1) + ": seq " + e.path("seq") + " where " + (seq + 1)
                        + " was expected (an entry was removed, inserted or reordered)");
            }
            if (!prev.equals(e.path("prev_hash").asText())) {
                throw new VerificationException("line " + (i + 1) + " (seq " + (seq + 1) + "): prev_hash does not match the "
                        + "previous entry's hash (the chain is broken here)");
            }
            String hash = AuditChain.hash(e);
            if (!hash.equals(e.path("hash").asText())) {
                throw new VerificationException("line " + (i + 1) + " (seq " + (seq + 1) + "): the hash does not match the entry's "
                        + "content (the entry was altered)");
            }
            prev = hash;
            seq++;
        }
        JsonNode headEnv = parse(lines.get(lines.size() - 1), lines.size());
        ReportVerifier.Verified head;
        try {
            head = ReportVerifier.verify(headEnv, "head", pinnedPublicKeyPem);
        } catch (VerificationException e) {
            throw new VerificationException("signed head (last line): " + e.getMessage());
        }
        if (head.body().path("entries").asLong(-1) != seq || !prev.equals(head.body().path("last_hash").asText())) {
            throw new VerificationException("the signed head commits to " + head.body().path("entries") + " entries ending in "
                    + head.body().path("last_hash").asText() + ", but the file holds " + seq + " ending in " + prev
                    + " (entries were added or removed after export)");
        }
        return new Verified(seq, prev, head.signerFingerprint(), head.pinned());
    }

    private static JsonNode parse(String line, int no) throws VerificationException {
        try {
            JsonNode n = JSON.readTree(line);
            if (n == null || !n.isObject()) {
                throw new VerificationException("line " + no + " is not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new VerificationException("line " + no + " is not valid JSON");
        }
    }
}
