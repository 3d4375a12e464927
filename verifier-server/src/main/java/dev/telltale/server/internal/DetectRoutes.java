package dev.telltale.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.telltale.detect.AccountAttribution;
import dev.telltale.detect.Detection;
import dev.telltale.detect.Detector;
import dev.telltale.server.internal.StoreRecords.AuditEvent;
import dev.telltale.server.internal.StoreRecords.ReportRecord;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /v1/detect}: {@code {"text": "…"} or {"ids": [..]}, "key_id": "…", "alpha": 1e-6, "highlight": false,
 * "trace": true}} → the detect JSON contract plus {@code report_id} (and {@code highlights} for analysts who ask).
 * For account keys, analysts also get {@code detect --trace}'s {@code account} and {@code account_trace}
 * ({@link AccountTracing}). Every answered detection is a signed, stored report with its audit entry.
 */
public final class DetectRoutes {
    private final ServerContext s;

    public DetectRoutes(ServerContext s) {
        this.s = s;
    }

    public void detect(Context ctx) {
        Tokens.Principal p = Http.require(ctx, s.tokens(), Role.SUBMITTER);
        JsonNode req = Http.jsonObject(Http.body(ctx, s.options().limits().maxRequestBytes()));
        String keyId = Http.optText(req, "key_id");
        double alpha = alpha(req);
        boolean highlight = flag(req, "highlight");
        Boolean traceAsked = optFlag(req, "trace");
        if (highlight && !p.role().atLeast(Role.ANALYST)) {
            throw ApiError.forbidden("per-token highlighting needs the analyst role");
        }
        JsonNode text = req.get("text");
        JsonNode ids = req.get("ids");
        if ((text == null) == (ids == null)) {
            throw ApiError.badRequest("send exactly one of \"text\" (a string) or \"ids\" (an array of token ids)");
        }
        long perMinute = s.tokensPerMinute(p);
        s.rateLimiter().check(p.tokenId(), perMinute);
        Detector detector = s.keys().detector(keyId, alpha);
        boolean trace = AccountTracing.wanted(traceAsked, p.role(), detector.key());
        String inputText = null;
        int[] tokenIds;
        ObjectNode input;
        if (text != null) {
            inputText = checkText(text);
            tokenIds = detector.tokenize(inputText);
            input = Reports.textInput(inputText);
        } else {
            tokenIds = checkIds(ids, detector.tokenizer().vocabSize());
            input = Reports.idsInput(tokenIds);
        }
        Detection d = detector.detectIds(tokenIds);
        s.rateLimiter().charge(p.tokenId(), perMinute, tokenIds.length);
        s.metrics().scored(d.tokensScored());
        int min = s.options().limits().submitterMinScored();
        if (p.role() == Role.SUBMITTER && d.tokensScored() < min) {
            throw new ApiError(422, "too_short", "the text has " + d.tokensScored() + " scored tokens; submitters get results from "
                    + min + " scored tokens on (shorter texts reveal too much about the key)");
        }
        Map<String, Object> detection = d.toJson(null);
        AccountAttribution account = trace ? s.keys().trace(d.keyId(), tokenIds, alpha) : null;
        if (account != null) {
            AccountTracing.put(detection, account);
        }
        String reportId = Reports.newId("rpt_");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String kind = text != null ? "text" : "ids";
        ObjectNode body = s.reports().body(reportId, now, kind, p.tokenId(), input, detection);
        ObjectNode signed = s.reports().sign(body);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("key_id", d.keyId());
        details.put("input_sha256", input.get("sha256").asText());
        details.put("verdict", d.verdict().json());
        details.put("log10_p_value", d.log10PValue());
        if (account != null) {
            details.put("account", account.attributed() ? account.candidate() : null);
        }
        s.store().insertReport(new ReportRecord(reportId, p.tokenId(), now, d.keyId(), kind, signed.toString(), inputText,
                        inputText == null ? Http.JSON.valueToTree(tokenIds).toString() : null),
                new AuditEvent(p.tokenId(), "report.created", reportId, details));
        s.metrics().report();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("report_id", reportId);
        out.putAll(detection);
        if (highlight) {
            out.put("highlights", Highlighter.json(Highlighter.score(detector, tokenIds), detector.tokenizer(), d));
        }
        Http.json(ctx, 200, out);
    }

    private String checkText(JsonNode text) {
        if (!text.isTextual()) {
            throw ApiError.badRequest("\"text\" must be a string");
        }
        String t = text.textValue();
        int max = s.options().limits().maxTextChars();
        if (t.length() > max) {
            throw new ApiError(413, "text_too_long", "text has " + t.length() + " characters; the limit is " + max);
        }
        if (t.isBlank()) {
            throw ApiError.badRequest("text is empty");
        }
        int nul = t.indexOf('\0');
        if (nul >= 0) {
            throw ApiError.badRequest("text looks binary (NUL character at index " + nul + "); send UTF-8 text");
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < t.length()
                    && Character.isLowSurrogate(t.charAt(++i)))) {
                throw ApiError.badRequest("text is not valid Unicode (lone surrogate at index " + i + ")");
            }
        }
        return t;
    }

    private int[] checkIds(JsonNode ids, int vocab) {
        if (!ids.isArray()) {
            throw ApiError.badRequest("\"ids\" must be an array of token ids");
        }
        int max = s.options().limits().maxTextChars();
        if (ids.size() > max) {
            throw new ApiError(413, "text_too_long", ids.size() + " token ids; the limit is " + max);
        }
        if (ids.isEmpty()) {
            throw ApiError.badRequest("\"ids\" is empty");
        }
        int[] out = new int[ids.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = ids.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0 || v.intValue() >= vocab) {
                throw ApiError.badRequest("ids[" + i + "] = " + v + " is not a token id of this key's tokenizer (0.." + (vocab - 1) + ")");
            }
            out[i] = v.intValue();
        }
        return out;
    }

    static double alpha(JsonNode req) {
        JsonNode a = req.get("alpha");
        if (a == null || a.isNull()) {
            return Detector.DEFAULT_ALPHA;
        }
        if (!a.isNumber() || !(a.doubleValue() > 0 && a.doubleValue() < 1)) {
            throw ApiError.badRequest("alpha must be a number in (0, 1), got " + a);
        }
        return a.doubleValue();
    }

    static boolean flag(JsonNode req, String field) {
        return Boolean.TRUE.equals(optFlag(req, field));
    }

    /** A boolean field, or null when it is absent or null. */
    static Boolean optFlag(JsonNode req, String field) {
        JsonNode v = req.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw ApiError.badRequest("\"" + field + "\" must be true or false");
        }
        return v.booleanValue();
    }
}
