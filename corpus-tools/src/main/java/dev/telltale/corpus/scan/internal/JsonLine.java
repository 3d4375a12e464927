package dev.telltale.corpus.scan.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Pulls the text and id fields out of one JSON line with Jackson's streaming parser (no tree): the line must
 * be exactly one JSON object; other fields are skipped unread.
 */
final class JsonLine {
    private static final JsonFactory JSON = new JsonFactory();

    /** Outcome of a parse: the fields, or why the line is unusable. */
    record Fields(String text, String id, boolean textPresentButNotString) {}

    /** Thrown for syntax errors and for a line that is not one object. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private JsonLine() {}

    /**
     * @return the string value of {@code textField} (null if absent or not a string) and of {@code idField}
     *     (strings as they are, numbers in their JSON spelling, else null)
     */
    static Fields parse(byte[] b, int from, int to, String textField, String idField) throws Malformed {
        try (JsonParser p = JSON.createParser(b, from, to - from)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new Malformed("line is not a JSON object");
            }
            String text = null;
            String id = null;
            boolean wrongType = false;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals(textField)) {
                    if (v == JsonToken.VALUE_STRING) {
                        text = p.getText();
                    } else {
                        wrongType = v != JsonToken.VALUE_NULL;
                        p.skipChildren();
                    }
                } else if (name.equals(idField) && (v == JsonToken.VALUE_STRING || v.isNumeric())) {
                    id = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new Malformed("line is not a JSON object");
            }
            if (p.nextToken() != null) {
                throw new Malformed("text after the JSON object");
            }
            return new Fields(text, id, wrongType);
        } catch (IOException e) { // JsonParseException and friends: syntax
            throw new Malformed("malformed JSON: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "parse error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
