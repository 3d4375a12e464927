package dev.telltale.detect;

import dev.telltale.core.ExactTails;
import dev.telltale.core.KgwSelfHash;
import dev.telltale.core.KgwSelfHashParameters;
import dev.telltale.core.Tt1Prf;
import dev.telltale.core.WatermarkKey;

/**
 * KGW SelfHash detection [1] on tt1 (seeding in {@link KgwSelfHash}): position t ≥ h scores the green bit
 * of {@code u(seed_t, x_t)} with {@code seed_t = min_u(m(t), H(x_t))}.
 *
 * <p>Dedup is on the PRF input (seed_t, x_t), not on the text tuple: when H(x_t) is the minimum the seed is
 * H(x_t) whatever the context, so the same token in different windows would otherwise be scored again with
 * the very same green bit, and the count would be over-dispersed under H0. Distinct PRF inputs give
 * independent Bernoulli(γ) bits, so p = P(Binomial(T, γ) ≥ S) exactly.
 *
 * <p>[1] Kirchenbauer et al. On the Reliability of Watermarks for Large Language Models. ICLR 2024.
 */
public final class KgwSelfHashScorer implements SequenceScorer {
    private final KgwSelfHash hash;
    private final int contextWidth;
    private final long threshold;
    private final double gamma;

    public KgwSelfHashScorer(Tt1Prf prf, KgwSelfHashParameters params) {
        this.hash = new KgwSelfHash(prf);
        this.contextWidth = params.contextWidth();
        this.threshold = Tt1Prf.greenThreshold(params.gamma());
        this.gamma = params.gamma();
    }

    @Override
    public int contextWidth() {
        return contextWidth;
    }

    @Override
    public int scoreSequence(int[] ids, int[] positions, double[] scores) {
        return walk(ids, positions, scores, null);
    }

    @Override
    public boolean supportsPooling() {
        return true;
    }

    /** Units: the PRF input (seed, token), the seed being the min-hash over the window and the token. */
    @Override
    public int pooledUnits(int[] ids, int[] positions, long[] units) {
        return walk(ids, positions, null, units);
    }

    @Override
    public double unitScore(long lo, long hi) {
        return Tt1Prf.isGreen(Tt1Prf.value(Units.seed(lo, hi), Units.token(hi)), threshold) ? 1.0 : 0.0;
    }

    @Override
    public String unitDefinition() {
        return "(min-hash seed, token) PRF input";
    }

    /** Distinct PRF inputs of the text, in order: their scores and/or units (either array may be null). */
    private int walk(int[] ids, int[] positions, double[] scores, long[] units) {
        int h = contextWidth;
        PrfInputSet seen = new PrfInputSet(ids.length);
        int n = 0;
        for (int t = h; t < ids.length; t++) {
            long seed = hash.seedAt(ids, t, h);
            if (!seen.add(seed, ids[t])) {
                continue;
            }
            positions[n] = t;
            if (scores != null) {
                scores[n] = Tt1Prf.isGreen(Tt1Prf.value(seed, ids[t]), threshold) ? 1.0 : 0.0;
            }
            if (units != null) {
                Units.putSeedToken(units, n, seed, ids[t]);
            }
            n++;
        }
        return n;
    }

    @Override
    public double log10PValue(long tokensScored, double score) {
        return ExactTails.log10BinomialUpperTail(tokensScored, Math.round(score), gamma);
    }

    @Override
    public String scoreDefinition() {
        return "green count S over the T distinct (min-hash seed, token) PRF inputs; p = P(Binomial(T, gamma) >= S)";
    }

    /** Registered through {@code META-INF/services}. */
    public static final class Provider implements ScorerProvider {
        @Override
        public String schemeId() {
            return KgwSelfHashParameters.ID;
        }

        @Override
        public TokenScorer create(WatermarkKey key) {
            return new KgwSelfHashScorer(key.prf(), (KgwSelfHashParameters) key.scheme());
        }
    }
}
