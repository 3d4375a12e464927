package dev.telltale.detect;

/**
 * One scheme's detection rule: a per-position score from the PRF seed and the observed token, and the
 * exact upper tail of the summed score under the null hypothesis (text written without the key).
 * Implementations are immutable, thread-safe and allocation-free.
 */
public interface TokenScorer {

    /** Context width h: the first h tokens have no full window and are not scored. */
    int contextWidth();

    /** Score of {@code token} after the window whose tt1 seed is {@code seed}. */
    double score(long seed, int token);

    /**
     * Sum of the scores of positions {@code ends[0..n)} of {@code ids}: position t has token {@code ids[t]}
     * and window seed {@code seeds[i]}. Equal to summing {@link #score}; schemes override it with a faster
     * loop (tests check they agree).
     */
    default double scoreBatch(long[] seeds, int[] ids, int[] ends, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += score(seeds[i], ids[ends[i]]);
        }
        return sum;
    }

    /**
     * log10 of P(score sum ≥ {@code score} | H0) over {@code tokensScored} independent positions. Finite for
     * T ≥ 1; 0 when T = 0.
     */
    double log10PValue(long tokensScored, double score);

    /** How {@code score} is defined, for the detect JSON (e.g. "green token count"). */
    String scoreDefinition();
}
