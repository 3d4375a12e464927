package dev.telltale.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/** Named, versioned scheme presets, and the registry of schemes that key files may name. */
public final class Schemes {
    /** Defaults for new keys (DESIGN.md §5): KGW, γ = 0.25, δ = 2.0, h = 2. */
    public static final KgwParameters KGW_V1 = new KgwParameters(0.25, 2.0, 2);

    private static final Map<String, SchemeProvider> PROVIDERS = new TreeMap<>();

    static {
        for (SchemeProvider p : ServiceLoader.load(SchemeProvider.class, Schemes.class.getClassLoader())) {
            PROVIDERS.put(p.schemeId(), p);
        }
    }

    private Schemes() {}

    /** Scheme ids that key files may name. */
    public static Set<String> ids() {
        return PROVIDERS.keySet();
    }

    /** Parses a key file's {@code scheme} object; throws with a fixable message on bad input. */
    public static SchemeParameters fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("key file has no 'scheme' object");
        }
        String id = node.path("id").asText("");
        SchemeProvider p = PROVIDERS.get(id);
        if (p == null) {
            throw new IllegalArgumentException("unknown scheme '" + id + "'; known schemes: " + ids());
        }
        return p.fromJson(node);
    }

    /** A required numeric field of a scheme object. */
    public static double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException("scheme field '" + field + "' is missing or not a number");
        }
        return v.asDouble();
    }
}
