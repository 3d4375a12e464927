package dev.telltale.detect;

import dev.telltale.core.ExactTails;
import dev.telltale.core.HfKgwParameters;
import dev.telltale.core.WatermarkKey;
import dev.telltale.core.internal.torch.HfKgwPrf;
import dev.telltale.core.internal.torch.LongIntMap;
import dev.telltale.core.internal.torch.Mt19937;

/**
 * Detection of {@code hf-kgw-lefthash} / {@code hf-kgw-selfhash} text: the positions HF's
 * {@code WatermarkDetector} scores (lefthash from index context_width, selfhash from context_width − 1),
 * each green iff the token is in its seed's green list, computed bit for bit as HF does on CPU.
 *
 * <p>Unlike HF (whose {@code ignore_repeated_ngrams} never removes anything, and whose p-value drops a
 * square root), each distinct (generator seed, token) pair is scored once per text — the seed is all that
 * the green list depends on, so this is the dedup on the PRF input — and under H0 each scored position is
 * green with probability exactly G/V (G = int(V·γ)), so S ~ Binomial(T, G/V) and p = I_{G/V}(S, T−S+1).
 */
public final class HfKgwScorer implements SequenceScorer {
    private final HfKgwParameters params;
    private final HfKgwPrf prf;
    private final double greenProbability;

    public HfKgwScorer(HfKgwParameters params) {
        this.params = params;
        this.prf = params.prf();
        this.greenProbability = params.greenProbability();
    }

    @Override
    public int contextWidth() {
        return prf.firstScoredPosition();
    }

    @Override
    public int scoreSequence(int[] ids, int[] positions, double[] scores) {
        Mt19937 rng = new Mt19937(0);
        LongIntMap seen = new LongIntMap(Math.min(ids.length, 1 << 16));
        int t = 0;
        for (int i = prf.firstScoredPosition(); i < ids.length; i++) {
            long seed = prf.seedAt(ids, i);
            long pair = (seed << 32) | Integer.toUnsignedLong(ids[i]); // the generator keeps seed's low 32 bits
            if (seen.add(pair, 1) > 1) {
                continue;
            }
            positions[t] = i;
            scores[t] = prf.isGreen(seed, ids[i], rng) ? 1.0 : 0.0;
            t++;
        }
        return t;
    }

    @Override
    public double log10PValue(long tokensScored, double score) {
        return ExactTails.log10BinomialUpperTail(tokensScored, Math.round(score), greenProbability);
    }

    @Override
    public String scoreDefinition() {
        return "green token count S (HF " + params.seedingScheme().hfName() + " green lists); p = P(Binomial(T, G/V) >= S), G = "
                + params.greenlistSize() + ", V = " + params.vocabSize();
    }

    /** Registered through {@code META-INF/services}: {@code hf-kgw-lefthash}. */
    public static final class LeftHashProvider implements ScorerProvider {
        @Override
        public String schemeId() {
            return HfKgwParameters.SeedingScheme.LEFTHASH.schemeId();
        }

        @Override
        public TokenScorer create(WatermarkKey key) {
            return new HfKgwScorer((HfKgwParameters) key.scheme());
        }
    }

    /** Registered through {@code META-INF/services}: {@code hf-kgw-selfhash}. */
    public static final class SelfHashProvider implements ScorerProvider {
        @Override
        public String schemeId() {
            return HfKgwParameters.SeedingScheme.SELFHASH.schemeId();
        }

        @Override
        public TokenScorer create(WatermarkKey key) {
            return new HfKgwScorer((HfKgwParameters) key.scheme());
        }
    }
}
