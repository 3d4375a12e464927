package dev.telltale.core;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading scheme fields from key files, with messages that say how to fix them. */
final class SchemeFields {
    private SchemeFields() {}

    /** A required integer field (a JSON number with no fractional part, within int range). */
    static int integer(JsonNode n, String field) {
        double d = Schemes.number(n, field);
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("scheme field '" + field + "' must be an integer, got " + d);
        }
        return (int) d;
    }
}
