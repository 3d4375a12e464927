package dev.telltale.embed;

import dev.telltale.core.SynthIdParameters;
import dev.telltale.core.Tt1Prf;
import dev.telltale.core.WatermarkKey;
import java.util.random.RandomGenerator;

/**
 * SynthID-Text tournament sampling [1] on tt1: with s the seed of the last h tokens and
 * {@code g_l(v) = bit l of u(s, v)}, the next token is drawn from the exact output distribution of the
 * m-layer two-way tournament over the final distribution (after temperature, top-k, top-p); see
 * {@link SynthIdTournament} for the closed form. It replaces the sampler's draw ({@link TokenSelector});
 * logits are untouched.
 *
 * <p>Positions with fewer than h tokens, or whose window already occurred in the sequence (prompt
 * included, see {@link RepeatedContexts}), are drawn without the watermark [1, "repeated context masking"].
 * Thread-safe: tournament scratch is per thread.
 *
 * <p>[1] Dathathri et al. Scalable watermarking for identifying large language model outputs. Nature 634,
 * 818-823 (2024).
 */
public final class SynthIdEmbedder implements LogitsProcessor, TokenSelector {
    private static final ThreadLocal<SynthIdTournament> SCRATCH = ThreadLocal.withInitial(SynthIdTournament::new);
    private final Tt1Prf prf;
    private final int contextWidth;
    private final int layers;

    public SynthIdEmbedder(Tt1Prf prf, SynthIdParameters params) {
        this.prf = prf;
        this.contextWidth = params.contextWidth();
        this.layers = params.layers();
    }

    /** Leaves the logits unchanged: this scheme acts on the draw. */
    @Override
    public void process(int[] context, int length, float[] logits) {
        // the watermark is applied in select()
    }

    @Override
    public int select(int[] context, int length, double[] weights, double total, RandomGenerator rng) {
        if (length < contextWidth || RepeatedContexts.seenBefore(context, length, contextWidth)) {
            return Sampler.draw(weights, total, rng);
        }
        return SCRATCH.get().sample(prf.seed(context, length - contextWidth, length), weights, layers, rng);
    }

    /** The same draw over the support the sampler lists (top-k, top-p). */
    @Override
    public int select(int[] context, int length, double[] weights, int[] support, int size, double total,
            RandomGenerator rng) {
        if (length < contextWidth || RepeatedContexts.seenBefore(context, length, contextWidth)) {
            return Sampler.draw(weights, support, size, total, rng);
        }
        return SCRATCH.get().sample(prf.seed(context, length - contextWidth, length), weights, support, size, layers,
                rng);
    }

    /** Registered through {@code META-INF/services}. */
    public static final class Provider implements EmbedderProvider {
        @Override
        public String schemeId() {
            return SynthIdParameters.ID;
        }

        @Override
        public LogitsProcessor create(WatermarkKey key) {
            return new SynthIdEmbedder(key.prf(), (SynthIdParameters) key.scheme());
        }
    }
}
