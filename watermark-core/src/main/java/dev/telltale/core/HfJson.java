package dev.telltale.core;

import com.fasterxml.jackson.databind.JsonNode;

/** Exact integer fields of the HF-compatible scheme objects (doubles would lose hashing keys above 2^53). */
final class HfJson {
    private HfJson() {}

    static long integer(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException("scheme field '" + field + "' is missing or not a 64-bit integer");
        }
        return v.asLong();
    }
}
