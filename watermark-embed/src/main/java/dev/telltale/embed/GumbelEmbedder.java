package dev.telltale.embed;

import dev.telltale.core.GumbelParameters;
import dev.telltale.core.Tt1Prf;
import dev.telltale.core.WatermarkKey;
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
 * Speed: −ln r ≥ 1 − r, so a candidate with (1 − r_v) / w_v above the best E / w so far cannot win and its
 * logarithm is skipped (with a 2^-40 relative margin against rounding): one mix per candidate, a handful
 * of logarithms per step.
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
    private static final double SAFETY = 1 + 0x1p-40;
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

    /** argmax_v r_v^(1/w_v) over the positive weights: the token Gumbel-max sampling emits for this seed. */
    public static int argmax(long seed, double[] weights) {
        int best = -1;
        double bestValue = Double.POSITIVE_INFINITY; // min of −ln(r) / w
        for (int v = 0; v < weights.length; v++) {
            double w = weights[v];
            if (!(w > 0)) {
                continue;
            }
            double r = GumbelParameters.uniform(seed, v);
            if (1 - r > bestValue * w * SAFETY) {
                continue; // even the lower bound 1 − r of −ln r loses
            }
            double value = -Math.log(r) / w;
            if (value < bestValue) {
                bestValue = value;
                best = v;
            }
        }
        return best;
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
