package dev.telltale.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Unigram watermark parameters [1]: KGW with context width 0, so one fixed green list for the whole key.
 *
 * <p>The green list is {@code G = {v : green_γ(u(s₀, v))}} with {@code s₀} the tt1 seed over the empty
 * window (docs/architecture.md, "Schemes"). Detection scores each distinct token once (dedup over tokens,
 * as in [1, §3]); the green count S of T unique tokens is Binomial(T, γ) under H0.
 *
 * @param gamma γ, the green fraction of the vocabulary, in (0, 1)
 * @param delta δ, the logit bias added to green tokens when embedding, &gt; 0
 *
 * <pre>
 * [1] Zhao, Ananth, Li, Wang. Provable Robust Watermarking for AI-Generated Text. ICLR 2024, Alg. 1-2.
 * </pre>
 */
public record UnigramParameters(double gamma, double delta) implements SchemeParameters {
    public static final String ID = "unigram";

    public UnigramParameters {
        SchemeFields.requireGamma(gamma);
        SchemeFields.requireDelta(delta);
    }

    @Override
    public String schemeId() {
        return ID;
    }

    /** Always 0: one fixed list. */
    @Override
    public int contextWidth() {
        return 0;
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", ID);
        m.put("gamma", gamma);
        m.put("delta", delta);
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
            return new UnigramParameters(Schemes.number(n, "gamma"), Schemes.number(n, "delta"));
        }

        @Override
        public SchemeParameters defaults() {
            return Schemes.UNIGRAM_V1;
        }
    }
}
