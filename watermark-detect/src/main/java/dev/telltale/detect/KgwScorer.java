package dev.telltale.detect;

import dev.telltale.core.ExactTails;
import dev.telltale.core.KgwParameters;
import dev.telltale.core.Tt1Prf;
import dev.telltale.core.WatermarkKey;

/**
 * KGW detection: the score of a position is its green bit; under H0 each deduplicated position is green
 * with probability γ independently, so the green count S of T positions is Binomial(T, γ) and
 * p = P(X ≥ S) = I_γ(S, T − S + 1), computed exactly in log space [1, §4; 2].
 *
 * <pre>
 * [1] Kirchenbauer et al. A Watermark for Large Language Models. ICML 2023.
 * [2] Fernandez et al. Three Bricks to Consolidate Watermarks for LLMs. WIFS 2023 (exact tails, dedup).
 * </pre>
 */
public final class KgwScorer implements TokenScorer {
    private final int contextWidth;
    private final long threshold;
    private final double gamma;
    private final String scoreDefinition;

    public KgwScorer(KgwParameters params) {
        this(params.gamma(), params.contextWidth(), "green token count S; p = P(Binomial(T, gamma) >= S)");
    }

    /** The green-list rule for any context width (h = 0 is Unigram, see {@link UnigramScorer}). */
    KgwScorer(double gamma, int contextWidth, String scoreDefinition) {
        this.contextWidth = contextWidth;
        this.threshold = Tt1Prf.greenThreshold(gamma);
        this.gamma = gamma;
        this.scoreDefinition = scoreDefinition;
    }

    @Override
    public int contextWidth() {
        return contextWidth;
    }

    @Override
    public double score(long seed, int token) {
        return Tt1Prf.isGreen(Tt1Prf.value(seed, token), threshold) ? 1.0 : 0.0;
    }

    /** Counts green positions with integer arithmetic (no branch on the 25 %-random green bit). */
    @Override
    public double scoreBatch(long[] seeds, int[] ids, int[] ends, int n) {
        return Tt1Prf.countGreen(seeds, ids, ends, n, threshold);
    }

    @Override
    public double log10PValue(long tokensScored, double score) {
        return ExactTails.log10BinomialUpperTail(tokensScored, Math.round(score), gamma);
    }

    @Override
    public String scoreDefinition() {
        return scoreDefinition;
    }

    /** Registered through {@code META-INF/services}. */
    public static final class Provider implements ScorerProvider {
        @Override
        public String schemeId() {
            return KgwParameters.ID;
        }

        @Override
        public TokenScorer create(WatermarkKey key) {
            return new KgwScorer((KgwParameters) key.scheme());
        }
    }
}
