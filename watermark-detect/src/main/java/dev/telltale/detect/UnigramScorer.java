package dev.telltale.detect;

import dev.telltale.core.UnigramParameters;
import dev.telltale.core.WatermarkKey;

/**
 * Unigram detection [1] is the KGW rule at context width 0: the detector's (window, token) dedup becomes a
 * dedup over tokens, each distinct token is scored once by its green bit under the fixed list (the seed of
 * the empty window), and under H0 the green bits of T distinct tokens are independent Bernoulli(γ), so
 * p = P(Binomial(T, γ) ≥ S).
 *
 * <p>[1] Zhao, Ananth, Li, Wang. Provable Robust Watermarking for AI-Generated Text. ICLR 2024, §3.
 */
public final class UnigramScorer {
    private UnigramScorer() {}

    /** Registered through {@code META-INF/services}. */
    public static final class Provider implements ScorerProvider {
        @Override
        public String schemeId() {
            return UnigramParameters.ID;
        }

        @Override
        public TokenScorer create(WatermarkKey key) {
            return new KgwScorer(((UnigramParameters) key.scheme()).gamma(), 0,
                    "green count S over the T distinct tokens; p = P(Binomial(T, gamma) >= S)");
        }
    }
}
