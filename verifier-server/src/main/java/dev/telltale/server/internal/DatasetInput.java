package dev.telltale.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A dataset upload split into records: {@code jsonl} (one JSON object per line, the text in a chosen field;
 * blank lines ignored) or {@code text} (the whole upload is one document). Strict UTF-8; binary refused.
 * Malformed records are not errors: {@link #text} returns null with the reason, and the job counts them.
 */
public final class DatasetInput {
    private final List<String> records;
    private final String format;
    private final String textField;

    private DatasetInput(List<String> records, String format, String textField) {
        this.records = records;
        this.format = format;
        this.textField = textField;
    }

    /** Validates and splits an upload; bad encodings and unknown formats are 400s. */
    public static DatasetInput parse(byte[] bytes, String format, String textField) {
        if (!"jsonl".equals(format) && !"text".equals(format)) {
            throw ApiError.badRequest("format must be jsonl or text, got '" + format + "'");
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw ApiError.badRequest("upload looks binary (NUL byte at offset " + i + "); send UTF-8 text or JSONL");
            }
        }
        String all;
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in);
            all = cb.toString();
        } catch (CharacterCodingException e) {
            throw ApiError.badRequest("upload is not valid UTF-8 (bad byte sequence near offset " + in.position() + ")");
        }
        if (all.startsWith("\uFEFF")) {
            all = all.substring(1);
        }
        List<String> recs = new ArrayList<>();
        if ("text".equals(format)) {
            if (!all.isBlank()) {
                recs.add(all);
            }
        } else {
            for (String line : all.split("\n")) {
                if (!line.isBlank()) {
                    recs.add(line);
                }
            }
        }
        if (recs.isEmpty()) {
            throw ApiError.badRequest("upload holds no records");
        }
        return new DatasetInput(recs, format, textField);
    }

    public int size() {
        return records.size();
    }

    /** The text of record {@code i}, or null when it is malformed ({@code problem[0]} says why). */
    public String text(int i, String[] problem) {
        String r = records.get(i);
        if ("text".equals(format)) {
            return r;
        }
        try {
            JsonNode n = Http.JSON.readTree(r);
            if (n == null || !n.isObject()) {
                problem[0] = "record " + (i + 1) + ": not a JSON object";
                return null;
            }
            JsonNode t = n.get(textField);
            if (t == null || !t.isTextual()) {
                problem[0] = "record " + (i + 1) + ": no string field \"" + textField + "\"";
                return null;
            }
            return t.textValue();
        } catch (Exception e) {
            problem[0] = "record " + (i + 1) + ": malformed JSON";
            return null;
        }
    }
}
