package dev.telltale.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Named, versioned scheme presets and the JSON parsers of every scheme's parameters. */
public final class Schemes {
    /** Defaults for new keys (DESIGN.md §5): KGW, γ = 0.25, δ = 2.0, h = 2. */
    public static final KgwParameters KGW_V1 = new KgwParameters(0.25, 2.0, 2);

    private static final Map<String, Function<JsonNode, SchemeParameters>> PARSERS = new LinkedHashMap<>();

    static {
        PARSERS.put(KgwParameters.ID, n -> new KgwParameters(
                number(n, "gamma"), number(n, "delta"), (int) number(n, "context_width")));
    }

    private Schemes() {}

    /** Scheme ids that key files may name. */
    public static Set<String> ids() {
        return PARSERS.keySet();
    }

    /** Parses a key file's {@code scheme} object; throws with a fixable message on bad input. */
    public static SchemeParameters fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("key file has no 'scheme' object");
        }
        String id = node.path("id").asText("");
        Function<JsonNode, SchemeParameters> parser = PARSERS.get(id);
        if (parser == null) {
            throw new IllegalArgumentException("unknown scheme '" + id + "'; known schemes: " + ids());
        }
        return parser.apply(node);
    }

    static double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException("scheme field '" + field + "' is missing or not a number");
        }
        return v.asDouble();
    }
}
