package dev.telltale.embed;

import dev.telltale.core.GumbelParameters;
import dev.telltale.core.Tt1Prf;
import dev.telltale.core.WatermarkKey;
import dev.telltale.core.internal.GumbelArgmax;
import java.util.random.RandomGenerator;

/**
 * Gumbel-max ("exponential") sampling [1, 2] on tt1: the next token is {@code argmax_v r_v^(1/p_v)} over
 * the final distribution p (after temperature, top-k, top-p), with {@code r_v = uniform(u(s, v))} and s the
 * seed of the last h tokens. It replaces the sampler's draw ({@link TokenSelector}); logits are untouched.
 *
 * <pre>
 * Distortion-free [1]: argmax r^(1/p) = argmin E_v / p_v with E_v = −ln r_v ~ Exp(1) i.i.d.; E_v / p_v ~
 * Exp(p_v), and the smallest of independent exponentials is the v-th with probability p_v / Σ p. The
 * argmin is invariant to scaling p, so unnormalised weights are used as they are.
 *
 * Speed (GumbelArgmax): −ln r ≥ 1 − r, so a candidate whose lower bound already loses skips its logarithm;
 * with the Vector API the bound is tested on a vector of ids at a time; with top-k or top-p only the
 * support the sampler lists is visited.
 * </pre>
 * Positions with fewer than h tokens, or whose window already occurred in the sequence (see
 * {@link RepeatedContexts}), are drawn with the ordinary sampler: a repeat would otherwise replay the same
 * token. Immutable and thread-safe; allocation-free.
 *
 * <pre>
 * [1] S. Aaronson, H. Kirchner. Watermarking GPT outputs, 2022-2023.
 * [2] Fernandez et al. Three Bricks to Consolidate Watermarks for LLMs. WIFS 2023, §II-B.
 * </pre>
 */
public final class GumbelEmbedder implements LogitsProcessor, TokenSelector {
    private final Tt1Prf prf;
    private final int contextWidth;

    public GumbelEmbedder(Tt1Prf prf, GumbelParameters params) {
        this.prf = prf;
        this.contextWidth = params.contextWidth();
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
        return argmax(prf.seed(context, length - contextWidth, length), weights);
    }

    /**
     * The same draw when the sampler lists the support (top-k, top-p): only the listed ids are visited, with
     * the same result as the full scan.
     */
    @Override
    public int select(int[] context, int length, double[] weights, int[] support, int size, double total,
            RandomGenerator rng) {
        if (length < contextWidth || RepeatedContexts.seenBefore(context, length, contextWidth)) {
            return Sampler.draw(weights, support, size, total, rng);
        }
        return GumbelArgmax.argmax(prf.seed(context, length - contextWidth, length), weights, support, size);
    }

    /**
     * argmax_v r_v^(1/w_v) over the positive weights: the token Gumbel-max sampling emits for this seed
     * ({@link GumbelArgmax}: SIMD lanes when the JVM runs with {@code --add-modules jdk.incubator.vector}).
     */
    public static int argmax(long seed, double[] weights) {
        return GumbelArgmax.argmax(seed, weights);
    }

    /** Registered through {@code META-INF/services}. */
    public static final class Provider implements EmbedderProvider {
        @Override
        public String schemeId() {
            return GumbelParameters.ID;
        }

        @Override
        public LogitsProcessor create(WatermarkKey key) {
            return new GumbelEmbedder(key.prf(), (GumbelParameters) key.scheme());
        }
    }
}
