package dev.telltale.embed;

/**
 * One watermark's embed step: modifies next-token logits in place, given the context. Applied to raw
 * logits, before temperature, top-k and top-p (which {@link Sampler} applies afterwards).
 *
 * <p>Implementations are allocation-free and hold no per-sequence state unless documented.
 */
public interface LogitsProcessor {

    /**
     * @param context token ids, {@code context[0..length)} valid, most recent last
     * @param length  number of valid ids
     * @param logits  [vocab] logits, modified in place
     */
    void process(int[] context, int length, float[] logits);
}
