package dev.telltale.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Aaronson's exponential ("Gumbel-max") watermark [1, 2] on tt1: at each position with context seed s,
 * every candidate v has {@code r_v = uniform(u(s, v))}; the token is {@code argmax_v r_v^(1/p_v)} over the
 * final (temperature, top-k, top-p) distribution p, which is exactly a draw from p when the r_v are
 * independent uniforms (distortion-free). The detector scores {@code −ln(1 − r_x)} of the observed token,
 * Exp(1) under H0, so the sum over T scored positions is Gamma(T, 1).
 *
 * @param contextWidth h ≥ 1, tokens seeding r. Default 4 (as the EXP preset of MarkLLM and the
 *                     h = 4 examples of Three Bricks): the choice is deterministic given the context and
 *                     the distribution, so short windows repeat more often and a repeat would replay the
 *                     same token; a wider window keeps texts diverse and the scored count T high, at the
 *                     cost of each edit touching h + 1 scores.
 *
 * <pre>
 * [1] S. Aaronson, H. Kirchner. Watermarking GPT outputs (talk and notes), 2022-2023.
 * [2] Fernandez et al. Three Bricks to Consolidate Watermarks for LLMs. WIFS 2023, §II-B, §III (exact Gamma tail).
 * </pre>
 */
public record GumbelParameters(int contextWidth) implements SchemeParameters {
    public static final String ID = "gumbel";
    /** (h + 1) token ids must fit the 126-bit dedup key for vocabularies up to 2^18. */
    public static final int MAX_CONTEXT_WIDTH = 6;

    public GumbelParameters {
        if (contextWidth < 1 || contextWidth > MAX_CONTEXT_WIDTH) {
            throw new IllegalArgumentException("context width must be in [1, " + MAX_CONTEXT_WIDTH + "] for " + ID
                    + " (h = 0 would give every position the same r), got " + contextWidth);
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
        m.put("context_width", contextWidth);
        return m;
    }

    /** r = uniform(u(seed, v)), in (0, 1). */
    public static double uniform(long seed, int token) {
        return Tt1Prf.uniform(Tt1Prf.value(seed, token));
    }

    /** The per-position score −ln(1 − r), computed as −log1p(−r); Exp(1) under H0. */
    public static double score(long seed, int token) {
        return -Math.log1p(-uniform(seed, token));
    }

    /** Registered through {@code META-INF/services}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public String schemeId() {
            return ID;
        }

        @Override
        public SchemeParameters fromJson(JsonNode n) {
            return new GumbelParameters(SchemeFields.integer(n, "context_width"));
        }

        @Override
        public SchemeParameters defaults() {
            return Schemes.GUMBEL_V1;
        }
    }
}
