package dev.telltale.embed;

import java.util.Arrays;
import java.util.function.IntPredicate;
import java.util.random.RandomGenerator;

/**
 * The generation loop of a serving stack, in miniature: model logits → watermark processor (optional) →
 * shared sampler → next token. One instance per thread; steps reuse one logits buffer.
 *
 * <p>A watermark that is also a {@link TokenSelector} (distortion-free schemes) picks the token from the
 * sampler's final distribution instead of the sampler's own draw.
 *
 * <p>{@link #withMixturePath} also draws plain-sampling steps of n-gram models from their mixture form
 * ({@link MixtureSampler}: the same distribution without a pass over all V logits, tens of times faster);
 * the constructor always takes the logits path, so its seeded outputs never change.
 */
public final class Generator {
    private final LanguageModel model;
    private final LogitsProcessor watermark; // null = unwatermarked
    private final TokenSelector selector;    // null = the sampler draws
    private final SamplingConfig sampling;
    private final Sampler sampler;
    private final float[] logits;
    private final MixtureSampler mixture; // null = always the logits path

    public Generator(LanguageModel model, LogitsProcessor watermark, SamplingConfig sampling) {
        this(model, watermark, sampling, false);
    }

    private Generator(LanguageModel model, LogitsProcessor watermark, SamplingConfig sampling, boolean mixturePath) {
        this.mixture = mixturePath ? MixtureSampler.forSetup(model, watermark, sampling) : null;
        this.model = model;
        this.watermark = watermark;
        this.selector = watermark instanceof TokenSelector s ? s : null;
        this.sampling = sampling;
        this.sampler = new Sampler(sampling);
        this.logits = new float[model.vocabSize()];
    }

    /**
     * A generator that takes the {@link MixtureSampler} path whenever it applies (a {@link MixtureModel},
     * temperature 1, no top-k, no top-p, no watermark or a {@link TokenBias} one) and the logits path
     * otherwise. Same distribution as the constructor's generator, different random stream.
     */
    public static Generator withMixturePath(LanguageModel model, LogitsProcessor watermark, SamplingConfig sampling) {
        return new Generator(model, watermark, sampling, true);
    }

    /** True when steps are drawn from the model's mixture form (see {@link #withMixturePath}). */
    public boolean usesMixturePath() {
        return mixture != null;
    }

    /** One step: the token after {@code seq[0..length)} (model, watermark, sampler). */
    public int next(int[] seq, int length, RandomGenerator rng) {
        if (mixture != null) {
            int w = mixture.sample(seq, length, rng);
            if (w >= 0) {
                return w;
            }
        }
        model.logits(seq, length, logits);
        return Embedder.step(watermark, selector, sampler, seq, length, logits, rng);
    }

    /**
     * Generates up to {@code maxTokens} tokens after {@code prompt}, handing each to {@code onToken} as it is
     * drawn (streaming); generation stops early when {@code onToken} returns false (that token is kept).
     *
     * @return the completion's token ids (the prompt excluded)
     */
    public int[] generate(int[] prompt, int maxTokens, RandomGenerator rng, IntPredicate onToken) {
        if (maxTokens < 0) {
            throw new IllegalArgumentException("max tokens must be >= 0, got " + maxTokens);
        }
        int[] seq = Arrays.copyOf(prompt, prompt.length + maxTokens);
        int len = prompt.length;
        for (int step = 0; step < maxTokens; step++) {
            int next = next(seq, len, rng);
            seq[len++] = next;
            if (!onToken.test(next)) {
                break;
            }
        }
        return Arrays.copyOfRange(seq, prompt.length, len);
    }

    /**
     * Generates up to {@code maxTokens} tokens after {@code prompt}.
     *
     * @param stopToken a token id that ends generation (not included in the output), or -1 for none
     * @return the completion's token ids (the prompt excluded)
     */
    public int[] generate(int[] prompt, int maxTokens, int stopToken, RandomGenerator rng) {
        int[] out = generate(prompt, maxTokens, rng, t -> t != stopToken);
        return out.length > 0 && out[out.length - 1] == stopToken ? Arrays.copyOf(out, out.length - 1) : out;
    }
}
