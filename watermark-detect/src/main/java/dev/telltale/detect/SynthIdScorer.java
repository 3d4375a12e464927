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
 * <p>{@link #score(long, int)} gives the same per-position score for callers that apply the contract's
 * (window, token) dedup instead of the mask (pooled and windowed tests); that rule is also valid under H0.
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
            scores[n] = score(prf.seed(ids, t - h, t), ids[t]);
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
