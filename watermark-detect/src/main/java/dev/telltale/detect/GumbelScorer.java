package dev.telltale.detect;

import dev.telltale.core.ExactTails;
import dev.telltale.core.GumbelParameters;
import dev.telltale.core.WatermarkKey;

/**
 * Gumbel-max detection [1, 2]: each distinct (window, token) tuple scores {@code −ln(1 − r)} with
 * {@code r = uniform(u(s, token))}. Under H0 r is uniform and independent across distinct tuples, so each
 * score is Exp(1) and their sum S over T tuples is Gamma(T, 1): p = Q(T, S), the regularised upper
 * incomplete gamma function, exact in log space.
 *
 * <pre>
 * [1] S. Aaronson, H. Kirchner. Watermarking GPT outputs, 2022-2023.
 * [2] Fernandez et al. Three Bricks to Consolidate Watermarks for LLMs. WIFS 2023, §III-A (Gamma tail).
 * </pre>
 */
public final class GumbelScorer implements TokenScorer {
    private final int contextWidth;

    public GumbelScorer(GumbelParameters params) {
        this.contextWidth = params.contextWidth();
    }

    @Override
    public int contextWidth() {
        return contextWidth;
    }

    @Override
    public double score(long seed, int token) {
        return GumbelParameters.score(seed, token);
    }

    @Override
    public double log10PValue(long tokensScored, double score) {
        return ExactTails.log10GammaUpperTail(tokensScored, score);
    }

    @Override
    public String scoreDefinition() {
        return "S = sum of -ln(1 - r) over the T distinct (window, token) tuples, r = uniform(u(seed, token)); "
                + "p = Q(T, S), the Gamma(T, 1) upper tail";
    }

    /** Registered through {@code META-INF/services}. */
    public static final class Provider implements ScorerProvider {
        @Override
        public String schemeId() {
            return GumbelParameters.ID;
        }

        @Override
        public TokenScorer create(WatermarkKey key) {
            return new GumbelScorer((GumbelParameters) key.scheme());
        }
    }
}
