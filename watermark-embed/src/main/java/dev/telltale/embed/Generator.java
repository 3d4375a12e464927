package dev.telltale.embed;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The generation loop of a serving stack, in miniature: model logits → watermark processor (optional) →
 * shared sampler → next token. One instance per thread; steps reuse one logits buffer.
 *
 * <p>A watermark that is also a {@link TokenSelector} (distortion-free schemes) picks the token from the
 * sampler's final distribution instead of the sampler's own draw.
 */
public final class Generator {
    private final LanguageModel model;
    private final LogitsProcessor watermark; // null = unwatermarked
    private final TokenSelector selector;    // null = the sampler draws
    private final SamplingConfig sampling;
    private final Sampler sampler;
    private final float[] logits;

    public Generator(LanguageModel model, LogitsProcessor watermark, SamplingConfig sampling) {
        this.model = model;
        this.watermark = watermark;
        this.selector = watermark instanceof TokenSelector s ? s : null;
        this.sampling = sampling;
        this.sampler = new Sampler(sampling);
        this.logits = new float[model.vocabSize()];
    }

    /**
     * Generates up to {@code maxTokens} tokens after {@code prompt}.
     *
     * @param stopToken a token id that ends generation (not included in the output), or -1 for none
     * @return the completion's token ids (the prompt excluded)
     */
    public int[] generate(int[] prompt, int maxTokens, int stopToken, RandomGenerator rng) {
        if (maxTokens < 0) {
            throw new IllegalArgumentException("max tokens must be >= 0, got " + maxTokens);
        }
        int[] seq = Arrays.copyOf(prompt, prompt.length + maxTokens);
        int len = prompt.length;
        for (int step = 0; step < maxTokens; step++) {
            model.logits(seq, len, logits);
            if (watermark != null) {
                watermark.process(seq, len, logits, sampling);
            }
            int next = selector == null ? sampler.sample(logits, rng) : sampler.sample(logits, seq, len, selector, rng);
            if (next == stopToken) {
                break;
            }
            seq[len++] = next;
        }
        return Arrays.copyOfRange(seq, prompt.length, len);
    }
}
