package dev.telltale.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * KGW "green list" watermark parameters [1].
 *
 * @param gamma        γ, the fraction of the vocabulary that is green at each position, in (0, 1)
 * @param delta        δ, the logit bias added to green tokens when embedding, &gt; 0
 * @param contextWidth h, the number of preceding tokens that seed the green list (LeftHash); 0 means one
 *                     fixed list (Unigram [2])
 *
 * <pre>
 * [1] Kirchenbauer et al. A Watermark for Large Language Models. ICML 2023, Alg. 2.
 * [2] Zhao et al. Provable Robust Watermarking for AI-Generated Text. ICLR 2024.
 * </pre>
 */
public record KgwParameters(double gamma, double delta, int contextWidth) implements SchemeParameters {
    public static final String ID = "kgw";
    /** Maximum context width: windows are packed into 64-bit dedup keys up to this width. */
    public static final int MAX_CONTEXT_WIDTH = 8;

    public KgwParameters {
        SchemeFields.requireGamma(gamma);
        SchemeFields.requireDelta(delta);
        if (contextWidth < 0 || contextWidth > MAX_CONTEXT_WIDTH) {
            throw new IllegalArgumentException(
                    "context width must be in [0, " + MAX_CONTEXT_WIDTH + "], got " + contextWidth);
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
        public SchemeParameters fromJson(com.fasterxml.jackson.databind.JsonNode n) {
            return new KgwParameters(Schemes.number(n, "gamma"), Schemes.number(n, "delta"),
                    SchemeFields.integer(n, "context_width"));
        }

        @Override
        public SchemeParameters defaults() {
            return Schemes.KGW_V1;
        }
    }
}
