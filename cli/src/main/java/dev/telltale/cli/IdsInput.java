package dev.telltale.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.detect.AccountTracer;
import dev.telltale.detect.Detector;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code detect --input-format ids}: token ids instead of text (serving stacks often log ids). The input
 * is either a single JSON array of ids (it may span lines), scored as one sequence, or one JSON array per
 * line, each scored separately and reported with {@code "id"} = its line number. Ids must be non-negative
 * integers from the key's tokenizer, without special tokens such as a leading BOS; nothing is normalised.
 * With {@code --trace} each result also names its account ({@link AccountOptions#json}).
 */
final class IdsInput {
    private IdsInput() {}

    /**
     * Runs detection on {@code text}; returns the exit code (2 if some line could not be read).
     *
     * @param tracer null, or the account tracer of {@code detect --trace}
     */
    static int detect(Detector detector, AccountTracer tracer, String text, boolean windowed, boolean json, PrintStream out) {
        String body = text.strip();
        if (body.isEmpty()) {
            throw new UsageException("no token ids in the input: give a JSON array of ids, or one array per line");
        }
        JsonNode single = parseSingle(body);
        if (single != null) {
            int[] ids = ids(single);
            if (tracer != null) {
                out.println(json ? Json.line(AccountOptions.json(detector, tracer, ids, windowed, null))
                        : AccountOptions.human(detector, tracer, ids, windowed));
            } else if (windowed) {
                var w = detector.detectWindowedIds(ids);
                out.println(json ? Json.line(w.toJson(null)) : DetectCommand.humanWindowed(w));
            } else {
                var d = detector.detectIds(ids);
                out.println(json ? Json.line(d.toJson(null)) : DetectCommand.human(d));
            }
            return 0;
        }
        int errors = 0;
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> result;
            try {
                int[] ids = ids(Json.MAPPER.readTree(line));
                String id = Integer.toString(lineNo);
                result = tracer != null ? AccountOptions.json(detector, tracer, ids, windowed, id)
                        : windowed ? detector.detectWindowedIds(ids).toJson(id) : detector.detectIds(ids).toJson(id);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                errors++;
                result = new LinkedHashMap<>();
                result.put("line", lineNo);
                result.put("error", e instanceof JsonProcessingException ? "malformed JSON" : e.getMessage());
            }
            out.println(json ? Json.line(result) : DetectCommand.humanLine(result));
        }
        if (errors > 0) {
            System.err.println("telltale detect: " + errors + " input line(s) could not be read (see their \"error\" results)");
            return 2;
        }
        return 0;
    }

    /** The whole input as one JSON array of numbers, or null if it is something else (e.g. several lines). */
    private static JsonNode parseSingle(String body) {
        try {
            JsonNode n = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body);
            if (n != null && n.isArray() && (n.isEmpty() || n.get(0).isNumber())) {
                return n;
            }
            return null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** A JSON array of non-negative integer ids. */
    static int[] ids(JsonNode n) {
        if (n == null || !n.isArray()) {
            throw new IllegalArgumentException("expected a JSON array of token ids, e.g. [791, 3363, 1071]");
        }
        int[] ids = new int[n.size()];
        for (int i = 0; i < ids.length; i++) {
            JsonNode e = n.get(i);
            if (!e.isIntegralNumber() || !e.canConvertToInt() || e.asInt() < 0) {
                throw new IllegalArgumentException("element " + i + " (" + e + ") is not a token id (a non-negative integer)");
            }
            ids[i] = e.asInt();
        }
        return ids;
    }
}
