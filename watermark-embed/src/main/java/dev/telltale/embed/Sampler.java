package dev.telltale.embed;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The one shared sampler: temperature, then top-k, then top-p (nucleus), then a draw. Watermark
 * processors run before it, on raw logits.
 *
 * <p>Exact, not approximate: top-k keeps every token whose logit is at least the k-th largest (ties at the
 * boundary are all kept); top-p keeps the smallest prefix of the tokens sorted by probability whose mass
 * reaches p. Scratch buffers are allocated once per vocabulary size, so steps allocate nothing; one
 * instance per thread.
 *
 * <pre>
 * [1] Holtzman et al. The Curious Case of Neural Text Degeneration. ICLR 2020 (nucleus sampling).
 * </pre>
 */
public final class Sampler {
    private final SamplingConfig config;
    private double[] weights = new double[0];   // [vocab] unnormalised probabilities, 0 = excluded
    private float[] scratch = new float[0];     // [vocab] copy of logits for the k-th largest selection
    private long[] order = new long[0];         // [candidates] (float bits of weight << 32) | token
    private int[] candidates = new int[0];      // [vocab] ids that can still enter the top-k after a bias
    private float[] biased = new float[0];      // [vocab] their biased logits
    private final long[] biasState = new long[TokenBias.STATE_LONGS]; // the step's TokenBias.prepare state
    private int supportSize = -1;               // ids in candidates[0..supportSize) after filter(.., true)

    public Sampler(SamplingConfig config) {
        this.config = config;
    }

    public SamplingConfig config() {
        return config;
    }

    /** Samples a token id from {@code logits} ([vocab], not modified). */
    public int sample(float[] logits, RandomGenerator rng) {
        double total = filter(logits, false); // may reallocate weights
        return draw(weights, total, rng);
    }

    /**
     * Computes the same final distribution as {@link #sample(float[], RandomGenerator)} and lets
     * {@code selector} pick the token from it (schemes that replace the draw, see {@link TokenSelector}).
     *
     * @param context the sequence so far, {@code context[0..length)}, passed to the selector
     */
    public int sample(float[] logits, int[] context, int length, TokenSelector selector, RandomGenerator rng) {
        double total = filter(logits, true);
        return supportSize < 0 ? selector.select(context, length, weights, total, rng)
                : selector.select(context, length, weights, candidates, supportSize, total, rng);
    }

    /**
     * Samples what {@link #sample(float[], RandomGenerator)} would after {@code bias} had been added to every
     * logit, but asks for the bias of the few tokens that can still be drawn: with top-k, biases are ≥ 0,
     * so the k-th largest biased logit is at least τ, the k-th largest raw one, and a token whose raw logit
     * is below τ − maxBias cannot reach it. Only tokens at or above that floor (the candidates, ascending
     * ids) are biased; the k-th largest, the maximum, the weights and their sum are then computed from the
     * candidates alone, in the same order and arithmetic as the full path, so the result is the same token
     * for the same {@code rng} state (tested), at the cost of one comparison per id instead of one PRF value.
     *
     * @param logits raw logits ([vocab], not modified)
     * @throws IllegalStateException if this sampler has no top-k in [1, vocab) (then bias every logit)
     */
    public int sample(float[] logits, int[] context, int length, TokenBias bias, RandomGenerator rng) {
        int n = logits.length;
        int k = config.topK();
        if (k <= 0 || k >= n) {
            throw new IllegalStateException("pruned sampling needs top-k in [1, " + n + "), got " + k);
        }
        if (!bias.prepare(context, length, biasState)) {
            return sample(logits, rng); // nothing biased at this step: the full path's result exactly
        }
        ensureCapacity(n);
        System.arraycopy(logits, 0, scratch, 0, n);
        float tau = kthLargest(scratch, n, k);
        if (Float.isNaN(tau)) {
            throw new IllegalArgumentException("logits have no finite maximum");
        }
        float maxBias = bias.maxBias();
        // Slack of a few ulps: fl(l + b) <= fl(l + maxBias) < tau for every token left out (rounding-safe).
        float floor = tau - maxBias - 4 * Math.ulp(Math.abs(tau) + maxBias);
        int m = 0;
        float max = Float.NEGATIVE_INFINITY;
        for (int v = 0; v < n; v++) {
            float l = logits[v];
            if (l >= floor) {
                float b = l + bias.bias(biasState, v);
                candidates[m] = v;
                biased[m++] = b;
                max = Math.max(max, b);
            }
        }
        if (max == Float.NEGATIVE_INFINITY || Float.isNaN(max)) {
            throw new IllegalArgumentException("logits have no finite maximum");
        }
        System.arraycopy(biased, 0, scratch, 0, m);
        float cut = kthLargest(scratch, m, k); // m >= k: the raw top-k are all candidates
        double invT = 1.0 / config.temperature();
        double total = 0;
        Arrays.fill(weights, 0, n, 0.0);
        for (int i = 0; i < m; i++) {
            float l = biased[i];
            double w = l >= cut ? Math.exp((l - max) * invT) : 0.0;
            weights[candidates[i]] = w;
            total += w;
        }
        if (config.topP() < 1.0) {
            total = applyTopP(n, total, false);
        }
        return draw(weights, total, rng);
    }

    /**
     * The categorical draw shared by every path: the first token whose cumulative weight exceeds
     * {@code rng.nextDouble() * total}.
     *
     * @param weights [vocab] unnormalised probabilities, 0 = excluded
     * @param total   Σ weights, &gt; 0
     */
    public static int draw(double[] weights, double total, RandomGenerator rng) {
        double r = rng.nextDouble() * total;
        int last = -1;
        for (int v = 0; v < weights.length; v++) {
            double w = weights[v];
            if (w > 0) {
                last = v;
                r -= w;
                if (r < 0) {
                    return v;
                }
            }
        }
        return last; // rounding left r >= 0 after the last candidate
    }

    /**
     * {@link #draw(double[], double, RandomGenerator)} over a known support: {@code support[0..size)} lists, in
     * ascending order, every id with a positive weight (listed ids may have weight 0); same token for the same
     * {@code rng} state.
     */
    public static int draw(double[] weights, int[] support, int size, double total, RandomGenerator rng) {
        double r = rng.nextDouble() * total;
        int last = -1;
        for (int i = 0; i < size; i++) {
            int v = support[i];
            double w = weights[v];
            if (w > 0) { // a selector may have set a listed weight to 0
                last = v;
                r -= w;
                if (r < 0) {
                    return v;
                }
            }
        }
        return last; // rounding left r >= 0 after the last candidate
    }

    /**
     * Temperature, top-k, top-p: fills {@code weights} ([vocab]) and returns their sum. With {@code support}
     * and a top-k or top-p, also lists the ids with a positive weight in ascending order in
     * {@code candidates[0..supportSize)}; otherwise {@code supportSize} is −1 (every id may be positive).
     */
    private double filter(float[] logits, boolean support) {
        int n = logits.length;
        ensureCapacity(n);
        float max = Float.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        if (max == Float.NEGATIVE_INFINITY || Float.isNaN(max)) {
            throw new IllegalArgumentException("logits have no finite maximum");
        }
        float cut = Float.NEGATIVE_INFINITY;
        if (config.topK() > 0 && config.topK() < n) {
            System.arraycopy(logits, 0, scratch, 0, n);
            cut = kthLargest(scratch, n, config.topK());
        }
        double invT = 1.0 / config.temperature();
        double total = 0;
        boolean list = support && cut != Float.NEGATIVE_INFINITY; // without top-k every id is in the support
        int m = 0;
        for (int v = 0; v < n; v++) {
            float l = logits[v];
            double w = 0.0;
            if (l >= cut) {
                w = Math.exp((l - max) * invT);
                if (list) {
                    candidates[m++] = v;
                }
            }
            weights[v] = w;
            total += w;
        }
        supportSize = list ? m : -1;
        if (config.topP() < 1.0) {
            total = applyTopP(n, total, support);
        }
        return total;
    }

    /**
     * Zeroes the weights outside the nucleus and returns the nucleus mass; with {@code support}, lists the
     * nucleus in ascending order in {@code candidates[0..supportSize)}.
     */
    private double applyTopP(int n, double total, boolean support) {
        double target = config.topP() * total;
        // The nucleus is a prefix of the descending order, so it lies inside any top-set of mass >= target.
        // Find such a set by lowering a relative threshold, then sort only it.
        double threshold = 1e-3;
        int m;
        while (true) {
            m = 0;
            double mass = 0;
            for (int v = 0; v < n; v++) {
                double w = weights[v];
                if (w > 0 && w >= threshold) {
                    order[m++] = ((long) Float.floatToIntBits((float) w) << 32) | v;
                    mass += w;
                }
            }
            if (mass >= target || threshold == 0) {
                break;
            }
            threshold = threshold < 1e-300 ? 0 : threshold * 1e-3;
        }
        Arrays.sort(order, 0, m); // ascending by weight (positive float bits sort like values), ties by id
        double cum = 0;
        int keepFrom = 0;
        for (int i = m - 1; i >= 0; i--) {
            cum += weights[(int) order[i]];
            if (cum >= target) {
                keepFrom = i;
                break;
            }
        }
        for (int v = 0; v < n; v++) {
            if (weights[v] < threshold) {
                weights[v] = 0.0; // outside the candidate set, hence outside the nucleus
            }
        }
        for (int i = 0; i < keepFrom; i++) {
            weights[(int) order[i]] = 0.0;
        }
        if (support) {
            supportSize = 0;
            for (int i = keepFrom; i < m; i++) {
                int v = (int) order[i];
                if (weights[v] > 0) { // a weight that rounded to 0 stays outside the support
                    candidates[supportSize++] = v;
                }
            }
            Arrays.sort(candidates, 0, supportSize);
        }
        return cum;
    }

    /** k-th largest of a[0..n) by quickselect (a is scrambled). */
    static float kthLargest(float[] a, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        int target = k - 1; // index in descending order
        while (lo < hi) {
            float pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] > pivot) {
                    i++;
                }
                while (a[j] < pivot) {
                    j--;
                }
                if (i <= j) {
                    float t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (target <= j) {
                hi = j;
            } else if (target >= i) {
                lo = i;
            } else {
                return a[target];
            }
        }
        return a[target];
    }

    private void ensureCapacity(int n) {
        if (weights.length != n) {
            weights = new double[n];
            scratch = new float[n];
            order = new long[n];
            candidates = new int[n];
            biased = new float[n];
        }
    }
}
