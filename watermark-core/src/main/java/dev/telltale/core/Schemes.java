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
    /** Unigram (Zhao et al.): γ = 0.25, δ = 2.0, one fixed green list. */
    public static final UnigramParameters UNIGRAM_V1 = new UnigramParameters(0.25, 2.0);
    /** KGW SelfHash: γ = 0.25, δ = 2.0, h = 3 preceding tokens (4-token window with the candidate). */
    public static final KgwSelfHashParameters KGW_SELFHASH_V1 = new KgwSelfHashParameters(0.25, 2.0, 3);
    /** Gumbel-max (Aaronson): h = 4. */
    public static final GumbelParameters GUMBEL_V1 = new GumbelParameters(4);
    /** SynthID tournament: m = 30 layers, h = 4. */
    public static final SynthIdParameters SYNTHID_V1 = new SynthIdParameters(30, 4);

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

    /**
     * Parameters for a new key: scheme {@code id}'s preset with the given fields replaced. Field names are
     * those of the key file ({@code gamma}, {@code delta}, {@code context_width}, {@code layers}, ...).
     *
     * @throws IllegalArgumentException for an unknown scheme, a field the scheme does not have (the message
     *                                  lists the ones it has), or an invalid value
     */
    public static SchemeParameters withOptions(String id, Map<String, ? extends Number> options) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>(preset(id).toJson());
        for (Map.Entry<String, ? extends Number> o : options.entrySet()) {
            if ("id".equals(o.getKey()) || !fields.containsKey(o.getKey())) {
                throw new IllegalArgumentException("'" + o.getKey() + "' does not apply to scheme " + id
                        + "; its options: " + optionNames(id));
            }
            fields.put(o.getKey(), o.getValue());
        }
        return fromJson(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(fields));
    }

    /** The fields of scheme {@code id} that a new key may set (its preset's fields except {@code id}). */
    public static Set<String> optionNames(String id) {
        Set<String> names = new java.util.LinkedHashSet<>(preset(id).toJson().keySet());
        names.remove("id");
        return names;
    }

    /** The named preset of scheme {@code id} (e.g. {@link #KGW_V1} for {@code kgw}). */
    public static SchemeParameters preset(String id) {
        SchemeProvider p = PROVIDERS.get(id);
        if (p == null) {
            throw new IllegalArgumentException("unknown scheme '" + id + "'; known schemes: " + ids());
        }
        return p.defaults();
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
