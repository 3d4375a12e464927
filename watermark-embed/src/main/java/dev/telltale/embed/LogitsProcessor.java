package dev.telltale.embed;

/**
 * One watermark's embed step: modifies next-token logits in place, given the context. Applied to raw
 * logits, before temperature, top-k and top-p (which {@link Sampler} applies afterwards).
 *
 * <p>Implementations are allocation-free and hold no per-sequence state unless documented.
 *
 * <p>Schemes that replace the sampler's random draw instead of biasing logits (distortion-free schemes
 * such as {@code gumbel} and {@code synthid}) also implement {@link TokenSelector}; their {@link #process}
 * leaves the logits unchanged and {@link Generator} hands the final distribution to the selector.
 */
public interface LogitsProcessor {

    /**
     * @param context token ids, {@code context[0..length)} valid, most recent last
     * @param length  number of valid ids
     * @param logits  [vocab] logits, modified in place
     */
    void process(int[] context, int length, float[] logits);

    /**
     * The same step, told the decoding settings that follow it, so that a scheme may skip candidates that
     * cannot be sampled (e.g. with top-k, a token whose biased logit stays below the k-th largest raw logit).
     * The result after {@link Sampler} must equal that of {@link #process(int[], int, float[])}. By default
     * the settings are ignored.
     */
    default void process(int[] context, int length, float[] logits, SamplingConfig sampling) {
        process(context, length, logits);
    }
}
