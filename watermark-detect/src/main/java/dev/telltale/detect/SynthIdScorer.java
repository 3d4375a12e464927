package dev.telltale.detect;

import dev.telltale.core.ExactTails;
import dev.telltale.core.SynthIdParameters;
import dev.telltale.core.Tt1Prf;
import dev.telltale.core.WatermarkKey;

/**
 * SynthID detection [1] on tt1 with the mean score made exact: position t ≥ h is scored unless its window
 * {@code ids[t−h..t)} already occurred earlier in the text (repeated-context mask, which also makes every
 * scored (window, token) tuple distinct); its score is {@code Σ_l g_l(x_t)}, the number of ones among the m
 * low bits of {@code u(s_t, x_t)}. Under H0 the m·T bits are i.i.d. Bernoulli(½), so the total S is
 * Binomial(T·m, ½) and p = P(X ≥ S) exactly (the mean score S / (T·m) of [1] is the same statistic).
 *
 * <p>Pooled tests keep the mask within each text and then score each distinct (context seed, token) PRF
 * input once over the pool ({@link #pooledUnits}); distinct inputs have independent g-values under H0, so the
 * pooled total is Binomial(T·m, ½) as well. {@link #score(long, int)} is the per-position score.
 *
 * <p>[1] Dathathri et al. Scalable watermarking for identifying large language model outputs. Nature 2024.
 */
public final class SynthIdScorer implements SequenceScorer {
    private final Tt1Prf prf;
    private final SynthIdParameters params;
    private final int vocabSize;

    public SynthIdScorer(Tt1Prf prf, SynthIdParameters params, int vocabSize) {
        this.prf = prf;
        this.params = params;
        this.vocabSize = vocabSize;
    }

    @Override
    public int contextWidth() {
        return params.contextWidth();
    }

    @Override
    public int scoreSequence(int[] ids, int[] positions, double[] scores) {
        return walk(ids, positions, scores, null);
    }

    @Override
    public boolean supportsPooling() {
        return true;
    }

    /**
     * Units: the PRF input (window seed, token) of each position the repeated-context mask leaves; in one text
     * they are distinct (distinct windows), across texts the pool keeps each once.
     */
    @Override
    public int pooledUnits(int[] ids, int[] positions, long[] units) {
        return walk(ids, positions, null, units);
    }

    @Override
    public double unitScore(long lo, long hi) {
        return score(Units.seed(lo, hi), Units.token(hi));
    }

    @Override
    public String unitDefinition() {
        return "(context seed, token) PRF input";
    }

    /** Unmasked positions of the text, in order: their scores and/or units (either array may be null). */
    private int walk(int[] ids, int[] positions, double[] scores, long[] units) {
        int h = params.contextWidth();
        int vocab = vocabSize;
        for (int id : ids) {
            vocab = Math.max(vocab, id + 1);
        }
        PairTape windows = new PairTape(vocab, h - 1); // tuples of h ids: the window alone
        int n = 0;
        for (int t = h; t < ids.length; t++) {
            if (!windows.add(ids, t)) {
                continue; // repeated context: masked
            }
            positions[n] = t;
            long seed = prf.seed(ids, t - h, t);
            if (scores != null) {
                scores[n] = score(seed, ids[t]);
            }
            if (units != null) {
                Units.putSeedToken(units, n, seed, ids[t]);
            }
            n++;
        }
        return n;
    }

    @Override
    public double score(long seed, int token) {
        return params.gSum(Tt1Prf.value(seed, token));
    }

    @Override
    public double log10PValue(long tokensScored, double score) {
        return ExactTails.log10BinomialUpperTail(tokensScored * params.layers(), Math.round(score), 0.5);
    }

    @Override
    public String scoreDefinition() {
        int m = params.layers();
        return "total g-value S over the " + m + " layers of the T scored positions (repeated windows masked; mean g = S/(T*"
                + m + ")); p = P(Binomial(T*" + m + ", 1/2) >= S)";
    }

    /** Registered through {@code META-INF/services}. */
    public static final class Provider implements ScorerProvider {
        @Override
        public String schemeId() {
            return SynthIdParameters.ID;
        }

        @Override
        public TokenScorer create(WatermarkKey key) {
            return new SynthIdScorer(key.prf(), (SynthIdParameters) key.scheme(), key.tokenizer().vocabSize());
        }
    }
}
