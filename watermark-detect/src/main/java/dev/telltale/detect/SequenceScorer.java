package dev.telltale.detect;

/**
 * A scheme whose per-position score is not a function of the (window, token) tuple alone, so it walks the
 * ids itself: the candidate seeds its own window (kgw-selfhash), repeated contexts are masked (synthid), or
 * the PRF is another library's (the HuggingFace-compatible modes: PyTorch's generator, SynthID's hash). It
 * applies its own masks and scores each distinct PRF input once per text; the {@link Detector} then turns
 * (T, score) into the exact tail through {@link #log10PValue} as for every scheme.
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

    /** Not used: sequence scorers do not read the tt1 seed. */
    @Override
    default double score(long seed, int token) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " scores whole sequences (scoreSequence)");
    }
}
