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
 * Positions that share a seed but not the token read one permutation: their green bits are negatively
 * correlated by O(1/V) (G of V drawn without replacement), which can only make the tail conservative.
 *
 * <p>Pooled tests: each distinct (seed mod 2^32, token) unit once over the pool, as within one text.
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
        return walk(ids, positions, scores, null, new Mt19937(0));
    }

    @Override
    public boolean supportsPooling() {
        return true;
    }

    /** Units: (generator seed's low 32 bits, token), everything the green decision depends on. */
    @Override
    public int pooledUnits(int[] ids, int[] positions, long[] units) {
        return walk(ids, positions, null, units, null);
    }

    /** O(green list size), as per-text scoring: one generator draw per step of the partial permutation. */
    @Override
    public double unitScore(long lo, long hi) {
        return prf.isGreen(lo, (int) hi, RNG.get()) ? 1.0 : 0.0;
    }

    @Override
    public String unitDefinition() {
        return "(generator seed mod 2^32, token)";
    }

    private static final ThreadLocal<Mt19937> RNG = ThreadLocal.withInitial(() -> new Mt19937(0));

    /** Distinct (seed, token) of the text, in order: their scores and/or units (either array may be null). */
    private int walk(int[] ids, int[] positions, double[] scores, long[] units, Mt19937 rng) {
        LongIntMap seen = new LongIntMap(Math.min(ids.length, 1 << 16));
        int t = 0;
        for (int i = prf.firstScoredPosition(); i < ids.length; i++) {
            long seed = prf.seedAt(ids, i);
            long pair = (seed << 32) | Integer.toUnsignedLong(ids[i]); // the generator keeps seed's low 32 bits
            if (seen.add(pair, 1) > 1) {
                continue;
            }
            positions[t] = i;
            if (scores != null) {
                scores[t] = prf.isGreen(seed, ids[i], rng) ? 1.0 : 0.0;
            }
            if (units != null) {
                units[2 * t] = seed & 0xFFFFFFFFL;
                units[2 * t + 1] = ids[i];
            }
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
