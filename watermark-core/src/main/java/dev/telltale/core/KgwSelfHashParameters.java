package dev.telltale.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * KGW "SelfHash" parameters [1, 2]: the green list of a candidate token is seeded by a min-hash over the
 * h preceding tokens <em>and the candidate itself</em>, so that the seed cannot be learnt from the context
 * alone. The keyed functions are in {@link KgwSelfHash}.
 *
 * @param gamma        γ, green fraction in (0, 1)
 * @param delta        δ, logit bias on green candidates, &gt; 0
 * @param contextWidth h, the number of <em>preceding</em> tokens in the min-hash window (the window is h + 1
 *                     tokens with the candidate; h = 3 is the reference's 4-token "selfhash")
 *
 * <pre>
 * [1] Kirchenbauer et al. On the Reliability of Watermarks for Large Language Models. ICLR 2024, §3
 *     (anchored min-hash "SelfHash", window 4, candidate included).
 * [2] Kirchenbauer et al. A Watermark for Large Language Models. ICML 2023.
 * </pre>
 */
public record KgwSelfHashParameters(double gamma, double delta, int contextWidth) implements SchemeParameters {
    public static final String ID = "kgw-selfhash";
    public static final int MAX_CONTEXT_WIDTH = 8;

    public KgwSelfHashParameters {
        SchemeFields.requireGamma(gamma);
        SchemeFields.requireDelta(delta);
        if (contextWidth < 1 || contextWidth > MAX_CONTEXT_WIDTH) {
            throw new IllegalArgumentException("context width must be in [1, " + MAX_CONTEXT_WIDTH
                    + "] for " + ID + " (preceding tokens in the min-hash window), got " + contextWidth);
        }
    }

    @Override
    public String schemeId() {
        return ID;
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", ID);
        m.put("gamma", gamma);
        m.put("delta", delta);
        m.put("context_width", contextWidth);
        return m;
    }

    /** Registered through {@code META-INF/services}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public String schemeId() {
            return ID;
        }

        @Override
        public SchemeParameters fromJson(JsonNode n) {
            return new KgwSelfHashParameters(Schemes.number(n, "gamma"), Schemes.number(n, "delta"),
                    SchemeFields.integer(n, "context_width"));
        }

        @Override
        public SchemeParameters defaults() {
            return Schemes.KGW_SELFHASH_V1;
        }
    }
}
