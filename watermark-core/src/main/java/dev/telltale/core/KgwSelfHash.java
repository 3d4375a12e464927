package dev.telltale.core;

import dev.telltale.core.internal.VectorGreenBias;
import dev.telltale.core.internal.Simd;

/**
 * The keyed seeding of {@link KgwSelfHashParameters kgw-selfhash} on tt1 (docs/architecture.md, "Schemes").
 *
 * <pre>
 * s₀        = seed over the empty window (the key's fixed seed)
 * H(x)      = u(s₀, x)                                   per-token keyed hash, one mix
 * m(t)      = min_u( H(x[t-h]), ..., H(x[t-1]) )          once per position (h mixes)
 * seed(t,v) = min_u( m(t), H(v) )                        the candidate takes part in its own window
 * green     = green_γ( u(seed(t,v), v) )                 one more mix
 * </pre>
 * min_u is the minimum of the 64-bit values read as unsigned integers. When the candidate's own hash is the
 * minimum, its seed is H(v) whatever the context ("self-anchored"); the detector therefore deduplicates on
 * the PRF input (seed, token) rather than on the text tuple, so that such positions are scored once per
 * text (see {@code Dedup.SEED_AND_TOKEN}). Immutable and thread-safe; every method is allocation-free.
 *
 * <p>[1] Kirchenbauer et al. On the Reliability of Watermarks for Large Language Models. ICLR 2024, §3.
 */
public final class KgwSelfHash {
    private final long fixedSeed;

    public KgwSelfHash(Tt1Prf prf) {
        this.fixedSeed = prf.seed(new int[0], 0, 0);
    }

    /** H(x) = u(s₀, x). */
    public long anchor(int token) {
        return Tt1Prf.value(fixedSeed, token);
    }

    /** m = unsigned minimum of H over {@code ids[from..to)}; the all-ones value for an empty range. */
    public long windowMin(int[] ids, int from, int to) {
        long m = -1L; // 2^64 - 1 unsigned
        for (int i = from; i < to; i++) {
            long a = anchor(ids[i]);
            if (Long.compareUnsigned(a, m) < 0) {
                m = a;
            }
        }
        return m;
    }

    /** The candidate's seed: min_u(windowMin, H(v)). */
    public static long seed(long windowMin, long candidateAnchor) {
        return Long.compareUnsigned(candidateAnchor, windowMin) < 0 ? candidateAnchor : windowMin;
    }

    /** The seed of the token at position t of {@code ids} with h preceding tokens (t ≥ h). */
    public long seedAt(int[] ids, int t, int contextWidth) {
        return seed(windowMin(ids, t - contextWidth, t), anchor(ids[t]));
    }

    @Override
    public String toString() {
        return "KgwSelfHash[keyed]";
    }

    /**
     * The full-vocabulary embed step: {@code logits[v] += delta} for every green id v in [0, n), v's seed
     * being {@code seed(windowMin, anchors[v])}. SIMD lanes when the JVM runs with
     * {@code --add-modules jdk.incubator.vector}, a branch-free scalar loop otherwise (same results, tested).
     *
     * @param anchors [≥ n] precomputed {@link #anchor} of each id
     */
    public static void addGreenBias(long windowMin, long[] anchors, long threshold, float delta, float[] logits,
            int n) {
        int v = Simd.AVAILABLE ? VectorGreenBias.addSelfHashBias(windowMin, anchors, threshold, delta, logits, n)
                : 0;
        for (; v < n; v++) { // table lookup, unsigned min, one mix; the green bit is a sign bit, no branch
            long greenBit = ((Tt1Prf.value(seed(windowMin, anchors[v]), v) >>> 11) - threshold) >>> 63;
            logits[v] += delta * greenBit;
        }
    }
}
