package dev.telltale.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The audit log's hash chain. Entry n is the JSON object
 * {@code {"seq","time","actor","action","subject","details","prev_hash"}} where {@code prev_hash} is entry
 * n−1's hash (64 zeros for entry 1), and its hash is hex(SHA-256(RFC 8785 canonical bytes of that object)).
 * Changing, removing or reordering any entry changes every later hash; an exported log ends with a signed
 * head that commits to the last hash.
 */
public final class AuditChain {
    public static final String GENESIS = "0".repeat(64);
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditChain() {}

    /** The entry object that is hashed (everything but the hash). */
    public static ObjectNode entry(long seq, Instant time, String actor, String action, String subject, String detailsJson,
                                   String prevHash) {
        ObjectNode e = JSON.createObjectNode();
        e.put("seq", seq);
        e.put("time", time.toString());
        e.put("actor", actor);
        e.put("action", action);
        if (subject == null) {
            e.putNull("subject");
        } else {
            e.put("subject", subject);
        }
        try {
            e.set("details", JSON.readTree(detailsJson));
        } catch (IOException ex) {
            throw new UncheckedIOException("audit details are not JSON", ex);
        }
        e.put("prev_hash", prevHash);
        return e;
    }

    /** hex(SHA-256(JCS(entry))), with any "hash" member left out. */
    public static String hash(JsonNode entry) {
        ObjectNode copy = entry.deepCopy();
        copy.remove("hash");
        return HexFormat.of().formatHex(Ed25519.sha256(Jcs.canonicalize(copy)));
    }

    /** The export line of a stored entry: the entry plus its hash. */
    public static ObjectNode exportLine(StoreRecords.AuditEntry a) {
        ObjectNode e = entry(a.seq(), a.time(), a.actor(), a.action(), a.subject(), a.details(), a.prevHash());
        e.put("hash", a.hash());
        return e;
    }
}
