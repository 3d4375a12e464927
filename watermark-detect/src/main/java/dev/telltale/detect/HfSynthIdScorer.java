package dev.telltale.detect;

import dev.telltale.core.ExactTails;
import dev.telltale.core.HfSynthIdParameters;
import dev.telltale.core.WatermarkKey;
import dev.telltale.core.internal.torch.ContextHistory;
import dev.telltale.core.internal.torch.LongIntMap;
import dev.telltale.core.internal.torch.SynthIdG;

/**
 * Detection of {@code hf-synthid} text with HF's g-values and repeated-context mask, scored with an exact
 * tail instead of HF's trained detectors.
 *
 * <pre>
 * position t (t &gt;= ngram_len − 1)   c = acc(1, ids[t−ngram_len+1 .. t)),  u = acc(c, [ids[t]])
 * masked        c among the last context_history_size context hashes (HF's rule, zeros initially)
 * deduplicated  u mod sampling_table_size seen before in this text (power-of-two table; else u): all m
 *               g-values are a function of it, so each distinct PRF input is scored once
 * score         Σ_l g_l(u) over the m layers; S = Σ over scored positions, T = scored positions
 * null          g ~ Bernoulli(½) i.i.d. over positions and layers: S ~ Binomial(T·m, ½), p = P(X ≥ S)
 * </pre>
 * The null is the mean-score test of [1] made exact. For the default table (seed 0, 2^16 entries, 32,743
 * ones) and the 30 reference keys, the per-position layer sum over all 2^16 residues has mean 14.989 and
 * variance 7.457 (Binomial(30, ½): 15 and 7.5), so the binomial tail is slightly conservative there
 * (checked in the tests). HF's end-of-sequence mask is not applied: pass ids up to the first EOS.
 *
 * <p>Pooled tests: the history mask within each text, then each distinct residue once over the pool. A pool
 * therefore scores at most sampling_table_size (2^16) positions: past that every residue has been scored, and
 * if all of them have, S is the same for every text (each layer's residues map one-to-one onto the table).
 * The statistic is the g-total over the set of residues seen, and a watermark shows as high-g residues in that
 * set: a pooled hf-synthid test has power while the pool leaves most residues unseen (tens of thousands of
 * scored positions); its tail stays valid (conservative) at any size.
 *
 * <p>[1] Dathathri et al. Scalable watermarking for identifying large language model outputs. Nature 2024.
 */
public final class HfSynthIdScorer implements SequenceScorer {
    private final HfSynthIdParameters params;
    private final SynthIdG g;
    private final int depth;

    public HfSynthIdScorer(HfSynthIdParameters params) {
        this.params = params;
        this.g = params.gValues();
        this.depth = params.depth();
    }

    @Override
    public int contextWidth() {
        return params.ngramLen() - 1;
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
     * Units: the token hash's dedup key ({@link SynthIdG#dedupKey}: its residue modulo a power-of-two table), of
     * the positions the history mask leaves. With the default 2^16 table a pool has at most 65,536 distinct
     * units, whatever its size: beyond that every position repeats a g-value pattern already scored.
     */
    @Override
    public int pooledUnits(int[] ids, int[] positions, long[] units) {
        return walk(ids, positions, null, units);
    }

    @Override
    public double unitScore(long lo, long hi) {
        return Long.bitCount(g.pattern(Units.word(lo, hi)));
    }

    @Override
    public String unitDefinition() {
        int size = params.samplingTableSize();
        return Integer.bitCount(size) == 1 ? "token hash modulo the sampling table size (at most " + size + " distinct)"
                : "token hash (64 bits)";
    }

    /** Unmasked, distinct positions of the text, in order: their scores and/or units (either may be null). */
    private int walk(int[] ids, int[] positions, double[] scores, long[] units) {
        int h = params.ngramLen() - 1;
        ContextHistory history = new ContextHistory(params.contextHistorySize());
        LongIntMap seen = new LongIntMap(Math.min(ids.length, 1 << 16));
        int t = 0;
        for (int i = h; i < ids.length; i++) {
            long c = SynthIdG.contextHash(ids, i - h, i);
            if (history.checkAndPush(c)) {
                continue;
            }
            long u = SynthIdG.accumulate(c, ids[i]);
            long key = g.dedupKey(u);
            if (seen.add(key, 1) > 1) {
                continue;
            }
            positions[t] = i;
            if (scores != null) {
                scores[t] = Long.bitCount(g.pattern(u));
            }
            if (units != null) {
                Units.putWord(units, t, key);
            }
            t++;
        }
        return t;
    }

    @Override
    public double log10PValue(long tokensScored, double score) {
        return ExactTails.log10BinomialUpperTail(tokensScored * depth, Math.round(score), 0.5);
    }

    @Override
    public String scoreDefinition() {
        return "total g-value S over the " + depth + " layers of the T scored positions (mean g = S/(T*" + depth
                + ")); p = P(Binomial(T*" + depth + ", 1/2) >= S)";
    }

    /** Registered through {@code META-INF/services}. */
    public static final class Provider implements ScorerProvider {
        @Override
        public String schemeId() {
            return HfSynthIdParameters.ID;
        }

        @Override
        public TokenScorer create(WatermarkKey key) {
            return new HfSynthIdScorer((HfSynthIdParameters) key.scheme());
        }
    }
}
