package dev.telltale.embed;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The generation loop of a serving stack, in miniature: model logits → watermark processor (optional) →
 * shared sampler → next token. One instance per thread; steps reuse one logits buffer.
 */
public final class Generator {
    private final LanguageModel model;
    private final LogitsProcessor watermark; // null = unwatermarked
    private final Sampler sampler;
    private final float[] logits;

    public Generator(LanguageModel model, LogitsProcessor watermark, SamplingConfig sampling) {
        this.model = model;
        this.watermark = watermark;
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
                watermark.process(seq, len, logits);
            }
            int next = sampler.sample(logits, rng);
            if (next == stopToken) {
                break;
            }
            seq[len++] = next;
        }
        return Arrays.copyOfRange(seq, prompt.length, len);
    }
}
