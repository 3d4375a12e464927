package dev.telltale.embed;

/**
 * A causal language model seen the way a serving stack sees it: token ids in, one logit per vocabulary
 * entry out. Implementations are the n-gram model and (later) engine-backed neural models.
 *
 * <p>Implementations must be safe to call from one thread per instance; {@link #logits} must not allocate
 * on the hot path beyond what the model documents.
 */
public interface LanguageModel {

    /** Number of logits produced per step (V). */
    int vocabSize();

    /**
     * Writes the next-token logits for the given context into {@code out}.
     *
     * @param context token ids; only {@code context[0..length)} is read, the last one being the most recent
     * @param length  how many ids of {@code context} are valid (0 = empty context)
     * @param out     [vocab] natural-log scores (unnormalised is allowed; −∞ for impossible tokens)
     */
    void logits(int[] context, int length, float[] out);

    /** A short human-readable description (kind, order, training data hash) for reports. */
    String describe();
}
