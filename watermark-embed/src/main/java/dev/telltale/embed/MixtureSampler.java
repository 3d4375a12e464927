package dev.telltale.embed;

import java.util.random.RandomGenerator;

/**
 * Exact sampling from a {@link MixtureModel} at temperature 1 without top-k or top-p, optionally watermarked
 * by a {@link TokenBias} (kgw, unigram), in O(sparse entries) per step instead of O(V); schemes that pick
 * the token themselves ({@link TokenSelector}: gumbel, synthid) get the exact probabilities written from the
 * mixture form.
 *
 * <pre>
 * Proposal: u ~ U[0, λ + Σ extra); u &lt; λ → the base quantile u / λ, else the sparse entry where u − λ
 * falls. This draws w with probability p(w | h) exactly.
 * Bias (rejection [1]): accept w with probability exp(b(w) − b_max). Accepted tokens then follow
 * p(w) · e^{b(w)} / Z, the distribution {@link Sampler} draws after the processor added b to the logits.
 * After {@link #MAX_PROPOSALS} rejections (possible only for huge biases) {@link #sample} returns −1 and
 * the caller draws on the ordinary logits path; each path yields the target distribution, so the
 * combination does too.
 * </pre>
 * Acceptance is at least e^{−δ} per proposal (δ = 2: 0.135; typically about half). Up to floating-point
 * rounding of the two representations (float logits vs double masses), the result has the distribution of
 * {@link Generator}'s logits path; the random stream differs, so a seed gives other tokens on the two paths.
 * One instance per thread; allocation-free after warm-up.
 *
 * <p>[1] von Neumann. Various techniques used in connection with random digits. 1951 (rejection sampling).
 */
public final class MixtureSampler {
    /** Proposals tried before handing the step back to the logits path. */
    public static final int MAX_PROPOSALS = 64;
    private final MixtureModel model;
    private final TokenBias bias;       // null = unwatermarked
    private final TokenSelector selector; // schemes that pick the token themselves, or null
    private final double[] weights;     // [vocab] p(w | h) for the selector; null without one
    private final MixtureStep step = new MixtureStep();
    private final long[] biasState = new long[TokenBias.STATE_LONGS]; // the step's TokenBias.prepare state

    private MixtureSampler(MixtureModel model, TokenBias bias, TokenSelector selector) {
        this.model = model;
        this.bias = bias;
        this.selector = selector;
        this.weights = selector == null ? null : new double[model.vocabSize()];
    }

    /**
     * A sampler for this combination, or null when it does not apply: the model is not a
     * {@link MixtureModel}, the decoding settings are not plain sampling (temperature 1, no top-k, no top-p),
     * or the watermark is neither absent, nor a pure {@link TokenBias}, nor a {@link TokenSelector}. A
     * selector (gumbel, synthid) still sees all V probabilities, written straight from the mixture (no
     * logarithms or exponentials): O(V) but several times faster than the logits path.
     */
    public static MixtureSampler forSetup(LanguageModel model, LogitsProcessor watermark, SamplingConfig sampling) {
        if (!(model instanceof MixtureModel m) || sampling.temperature() != 1.0 || sampling.topK() != 0
                || sampling.topP() != 1.0) {
            return null;
        }
        if (watermark == null) {
            return new MixtureSampler(m, null, null);
        }
        if (watermark instanceof TokenSelector sel) {
            return new MixtureSampler(m, null, sel);
        }
        if (watermark instanceof TokenBias b) {
            return new MixtureSampler(m, b, null);
        }
        return null;
    }

    /**
     * Draws the token after {@code context[0..length)}, or returns −1 after {@link #MAX_PROPOSALS} rejected
     * proposals (then draw this step on the logits path).
     */
    public int sample(int[] context, int length, RandomGenerator rng) {
        model.mixture(context, length, step);
        if (selector != null) {
            return select(context, length, rng);
        }
        double dense = step.denseWeight();
        double total = dense + step.extraTotal();
        float maxBias = bias == null ? 0f : bias.maxBias();
        boolean biased = bias != null && bias.prepare(context, length, biasState); // once per step
        for (int attempt = 0; attempt < MAX_PROPOSALS; attempt++) {
            int w = propose(dense, total, rng);
            if (bias == null) {
                return w;
            }
            float b = biased ? bias.bias(biasState, w) : 0f;
            if (b >= maxBias || rng.nextDouble() < Math.exp(b - maxBias)) {
                return w;
            }
        }
        return -1;
    }

    /** [vocab] p(w | h) = λ·base(w) + extra(w), handed to the selector like the sampler's final weights. */
    private int select(int[] context, int length, RandomGenerator rng) {
        double lambda = step.denseWeight();
        double total = 0;
        for (int w = 0; w < weights.length; w++) {
            double p = lambda * model.baseProbability(w);
            weights[w] = p;
            total += p;
        }
        for (int i = 0; i < step.size(); i++) {
            weights[step.id(i)] += step.extra(i);
        }
        total += step.extraTotal();
        return selector.select(context, length, weights, total, rng);
    }

    private int propose(double dense, double total, RandomGenerator rng) {
        double u = rng.nextDouble() * total;
        if (u < dense || step.size() == 0) {
            return model.sampleBase(Math.min(u / dense, Math.nextDown(1.0)));
        }
        u -= dense;
        int n = step.size();
        for (int i = 0; i < n; i++) {
            u -= step.extra(i);
            if (u < 0) {
                return step.id(i);
            }
        }
        for (int i = n - 1; i >= 0; i--) { // rounding left u ≥ 0: the last entry with positive mass
            if (step.extra(i) > 0) {
                return step.id(i);
            }
        }
        return model.sampleBase(rng.nextDouble());
    }
}
