package dev.telltale.detect;

import dev.telltale.core.ExactTails;
import dev.telltale.core.Tt1Prf;
import dev.telltale.core.UnigramParameters;
import dev.telltale.core.WatermarkKey;

/**
 * Unigram detection [1]: context width 0, so the detector's (window, token) dedup is a dedup over tokens and
 * each distinct token is scored once, by its green bit under the fixed list (seed s₀ of the empty window).
 * Under H0 the green bits of T distinct tokens are independent Bernoulli(γ), so p = P(Binomial(T, γ) ≥ S).
 *
 * <p>[1] Zhao, Ananth, Li, Wang. Provable Robust Watermarking for AI-Generated Text. ICLR 2024, §3.
 */
public final class UnigramScorer implements TokenScorer {
    private final long threshold;
    private final double gamma;

    public UnigramScorer(UnigramParameters params) {
        this.threshold = Tt1Prf.greenThreshold(params.gamma());
        this.gamma = params.gamma();
    }

    @Override
    public int contextWidth() {
        return 0;
    }

    @Override
    public double score(long seed, int token) {
        return Tt1Prf.isGreen(Tt1Prf.value(seed, token), threshold) ? 1.0 : 0.0;
    }

    @Override
    public double log10PValue(long tokensScored, double score) {
        return ExactTails.log10BinomialUpperTail(tokensScored, Math.round(score), gamma);
    }

    @Override
    public String scoreDefinition() {
        return "green count S over the T distinct tokens; p = P(Binomial(T, gamma) >= S)";
    }

    /** Registered through {@code META-INF/services}. */
    public static final class Provider implements ScorerProvider {
        @Override
        public String schemeId() {
            return UnigramParameters.ID;
        }

        @Override
        public TokenScorer create(WatermarkKey key) {
            return new UnigramScorer((UnigramParameters) key.scheme());
        }
    }
}
