package dev.telltale.detect;

/**
 * A scheme whose per-position score is not a function of the (window, token) tuple alone, so it walks the
 * ids itself: the candidate seeds its own window (kgw-selfhash), repeated contexts are masked (synthid), or
 * the PRF is another library's (the HuggingFace-compatible modes: PyTorch's generator, SynthID's hash). It
 * applies its own masks and scores each distinct PRF input once per text; the {@link Detector} then turns
 * (T, score) into the exact tail through {@link #log10PValue} as for every scheme.
 *
 * <p>Pooled tests (a dataset, many outputs: {@link PooledDetector}) need one dedup over the whole pool. A
 * scorer that supports them ({@link #supportsPooling}) names each scored position by its <em>unit</em>: two
 * non-negative longs holding everything the position's score depends on (its PRF input, e.g. (min-hash seed,
 * token) for kgw-selfhash), computed from the token ids and the key alone, never from the score. The pool
 * scores each distinct unit once ({@link #unitScore}); per-text masks (synthid's repeated contexts) are applied
 * first, by {@link #pooledUnits}, exactly as {@link #scoreSequence} applies them. Distinct units have
 * independent scores under H0 (the HF modes: as independent as in their per-text test, see those classes), so
 * the pooled (T, S) has the per-text exact tail.
 */
public interface SequenceScorer extends TokenScorer {

    /**
     * Scores one text.
     *
     * @param ids       token ids, all &gt;= 0
     * @param positions [ids.length] out: token index of each scored position, in order
     * @param scores    [ids.length] out: the score of each scored position
     * @return T, the number of scored positions written
     */
    int scoreSequence(int[] ids, int[] positions, double[] scores);

    /** True if {@link #pooledUnits} and {@link #unitScore} are implemented (every built-in scheme). */
    default boolean supportsPooling() {
        return false;
    }

    /**
     * The positions {@link #scoreSequence} scores in {@code ids}, in the same order, each with its unit.
     *
     * @param ids       token ids, all &gt;= 0
     * @param positions [ids.length] out: token index of each scored position
     * @param units     [2 · ids.length] out: unit i is {@code (units[2i], units[2i + 1])}, both words &gt;= 0
     * @return T, the number of positions written
     * @throws UnsupportedOperationException unless {@link #supportsPooling}
     */
    default int pooledUnits(int[] ids, int[] positions, long[] units) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support pooled tests");
    }

    /**
     * The score of every position whose unit is (lo, hi), as {@link #scoreSequence} scores it. Thread-safe.
     *
     * @throws UnsupportedOperationException unless {@link #supportsPooling}
     */
    default double unitScore(long lo, long hi) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support pooled tests");
    }

    /** What a unit is, for reports (e.g. "(min-hash seed, token)"). */
    default String unitDefinition() {
        return "not defined";
    }

    /** Not used: sequence scorers do not read the tt1 seed. */
    @Override
    default double score(long seed, int token) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " scores whole sequences (scoreSequence)");
    }
}
