package dev.telltale.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * Builds signed reports. The signed {@code report} object:
 *
 * <pre>
 * {"format":"telltale-report/v1","report_id":"rpt_…","created":"…Z","kind":"text|ids|dataset",
 *  "tool":{"name":"telltale","version":"…"},"submitted_by":"tok_…",
 *  "input":{"sha256":"…","form":"text|ids|dataset",…},
 *  "detection":{the detect JSON contract: key_id, scheme, scheme_params, tokenizer, tokenizer_sha256,
 *               tokenizer_impl, normalization, tokens_total, tokens_scored, score, p_value, log10_p_value, alpha, verdict …,
 *               and for traced account keys account + account_trace (texts) or account_counts (datasets)}}
 * </pre>
 *
 * The key appears by id only. For text, {@code input.sha256} is over the UTF-8 bytes as submitted (before
 * normalisation); for ids, over the canonical JSON array.
 */
public final class Reports {
    public static final String FORMAT = "telltale-report/v1";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final SigningKey key;
    private final String version;

    public Reports(SigningKey key, String version) {
        this.key = key;
        this.version = version;
    }

    public static String newId(String prefix) {
        byte[] b = new byte[10];
        RANDOM.nextBytes(b);
        return prefix + HexFormat.of().formatHex(b);
    }

    public static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(Ed25519.sha256(data));
    }

    /** The input description of a text. */
    public static ObjectNode textInput(String text) {
        ObjectNode in = Http.JSON.createObjectNode();
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        in.put("form", "text");
        in.put("sha256", sha256Hex(utf8));
        in.put("bytes", utf8.length);
        in.put("chars", text.length());
        return in;
    }

    /** The input description of a token-id sequence. */
    public static ObjectNode idsInput(int[] ids) {
        ObjectNode in = Http.JSON.createObjectNode();
        in.put("form", "ids");
        in.put("sha256", sha256Hex(Jcs.canonicalize(ids)));
        in.put("count", ids.length);
        return in;
    }

    /** The unsigned report body. */
    public ObjectNode body(String reportId, Instant created, String kind, String submittedBy, ObjectNode input,
                           Map<String, Object> detection) {
        ObjectNode r = Http.JSON.createObjectNode();
        r.put("format", FORMAT);
        r.put("report_id", reportId);
        r.put("created", created.toString());
        r.put("kind", kind);
        ObjectNode tool = r.putObject("tool");
        tool.put("name", "telltale");
        tool.put("version", version);
        r.put("submitted_by", submittedBy);
        r.set("input", input);
        r.set("detection", Http.JSON.valueToTree(detection));
        return r;
    }

    /** The signed envelope of a report body. */
    public ObjectNode sign(JsonNode body) {
        return SignedDocuments.sign("report", body, key);
    }

    public SigningKey signingKey() {
        return key;
    }
}
