package dev.telltale.embed;

import dev.telltale.core.WatermarkKey;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The serving-time embed API: one instance per key and decoding setup, shared by every request thread.
 * Give it the context ids and the model's next-token logits; it either returns the watermarked token
 * ({@link #sample}) or biases the logits in place for an engine that samples itself ({@link #bias}). Batch
 * forms take one row per sequence.
 *
 * <p>Order of operations (DESIGN.md §5): the watermark acts on raw logits, then temperature, then top-k,
 * then top-p, then the draw ({@link Sampler}). Schemes that pick the token themselves (gumbel, synthid)
 * replace the draw. With top-k, bias-only schemes (kgw, unigram) take {@link Sampler}'s pruned path: only
 * tokens within the bias of the k-th largest logit get a PRF value, with the same result as biasing all.
 *
 * <p>Thread-safe (per-thread sampler scratch); steps allocate nothing after a thread's first step.
 */
public final class Embedder {
    private final LogitsProcessor watermark; // null = plain sampling
    private final TokenSelector selector;
    private final SamplingConfig sampling;
    private final ThreadLocal<Sampler> samplers;

    private Embedder(LogitsProcessor watermark, SamplingConfig sampling) {
        this.watermark = watermark;
        this.selector = watermark instanceof TokenSelector s ? s : null;
        this.sampling = Objects.requireNonNull(sampling, "sampling");
        this.samplers = ThreadLocal.withInitial(() -> new Sampler(sampling));
    }

    /** The embedder of {@code key}'s scheme (see {@link Embedders#forKey}) under these decoding settings. */
    public static Embedder forKey(WatermarkKey key, SamplingConfig sampling) {
        return new Embedder(Embedders.forKey(key), sampling);
    }

    /** Plain sampling with the same API (the unwatermarked baseline). */
    public static Embedder plain(SamplingConfig sampling) {
        return new Embedder(null, sampling);
    }

    public SamplingConfig sampling() {
        return sampling;
    }

    /**
     * The next token after {@code context[0..length)}.
     *
     * @param logits [vocab] the model's raw logits; used as scratch (its contents are unspecified afterwards)
     */
    public int sample(int[] context, int length, float[] logits, RandomGenerator rng) {
        return step(watermark, selector, samplers.get(), context, length, logits, rng);
    }

    /**
     * Applies the watermark to {@code logits} in place, over the full vocabulary, for engines that do their own
     * temperature/top-k/top-p/draw. Distortion-free schemes (gumbel, synthid) cannot be expressed as a bias
     * and are refused: use {@link #sample}.
     *
     * @throws UnsupportedOperationException for a scheme that replaces the draw
     */
    public void bias(int[] context, int length, float[] logits) {
        if (selector != null) {
            throw new UnsupportedOperationException("this scheme picks the token itself; call sample(...)");
        }
        if (watermark != null) {
            watermark.process(context, length, logits);
        }
    }

    /**
     * Batch form of {@link #sample}: row i is a sequence with context {@code contexts[i][0..lengths[i])} and
     * logits {@code logits[i]}; its token goes to {@code out[i]}, drawn with {@code rngs[i]}.
     */
    public void sample(int[][] contexts, int[] lengths, float[][] logits, RandomGenerator[] rngs, int[] out) {
        int rows = checkBatch(contexts, lengths, logits);
        if (rngs.length != rows || out.length < rows) {
            throw new IllegalArgumentException("batch of " + rows + " rows needs as many rngs and outputs");
        }
        Sampler s = samplers.get();
        for (int i = 0; i < rows; i++) {
            out[i] = step(watermark, selector, s, contexts[i], lengths[i], logits[i], rngs[i]);
        }
    }

    /** Batch form of {@link #bias}: biases every row of {@code logits} in place. */
    public void bias(int[][] contexts, int[] lengths, float[][] logits) {
        int rows = checkBatch(contexts, lengths, logits);
        for (int i = 0; i < rows; i++) {
            bias(contexts[i], lengths[i], logits[i]);
        }
    }

    private static int checkBatch(int[][] contexts, int[] lengths, float[][] logits) {
        if (contexts.length != lengths.length || contexts.length != logits.length) {
            throw new IllegalArgumentException("batch rows differ: " + contexts.length + " contexts, " + lengths.length
                    + " lengths, " + logits.length + " logit rows");
        }
        return contexts.length;
    }

    /** One decode step after the model (shared with {@link Generator}). */
    static int step(LogitsProcessor watermark, TokenSelector selector, Sampler sampler, int[] context, int length,
            float[] logits, RandomGenerator rng) {
        SamplingConfig sampling = sampler.config();
        if (watermark instanceof TokenBias b && selector == null && sampling.topK() > 0
                && sampling.topK() < logits.length) {
            return sampler.sample(logits, context, length, b, rng); // exact top-k pruning
        }
        if (watermark != null) {
            watermark.process(context, length, logits, sampling);
        }
        return selector == null ? sampler.sample(logits, rng) : sampler.sample(logits, context, length, selector, rng);
    }
}
