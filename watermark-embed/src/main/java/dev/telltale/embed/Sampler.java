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
 * <p>With a top-k, a step never touches the whole vocabulary more than twice: one pass finds the k-th largest
 * logit (a heap of the k largest so far), one lists the ids at or above it; temperature, top-p and the draw then
 * run on that list. At V = 151,669 and k = 50 a step takes about 70 µs, against 1 ms when it weighted every id
 * and selected by quickselect (docs/benchmarks.md).
 *
 * <pre>
 * [1] Holtzman et al. The Curious Case of Neural Text Degeneration. ICLR 2020 (nucleus sampling).
 * </pre>
 */
public final class Sampler {
    private final SamplingConfig config;
    private double[] weights = new double[0];   // [vocab] unnormalised probabilities, 0 = excluded
    private float[] scratch = new float[0];     // [vocab] the k-th largest selection's heap (or quickselect copy)
    private long[] order = new long[0];         // [candidates] (float bits of weight << 32) | token
    private int[] candidates = new int[0];      // [vocab] ids that can still enter the top-k after a bias
    private float[] biased = new float[0];      // [vocab] their biased logits
    private final long[] biasState = new long[TokenBias.STATE_LONGS]; // the step's TokenBias.prepare state
    private int supportSize = -1;               // ids in candidates[0..supportSize) after filter, -1 = every id
    private int written;                        // top-k paths: weights outside candidates[0..written) are 0

    public Sampler(SamplingConfig config) {
        this.config = config;
    }

    public SamplingConfig config() {
        return config;
    }

    /** Samples a token id from {@code logits} ([vocab], not modified). */
    public int sample(float[] logits, RandomGenerator rng) {
        double total = filter(logits); // may reallocate weights
        // with top-k or top-p the support is listed in ascending order: the same token as a scan of V
        return supportSize < 0 ? draw(weights, total, rng) : draw(weights, candidates, supportSize, total, rng);
    }

    /**
     * Computes the same final distribution as {@link #sample(float[], RandomGenerator)} and lets
     * {@code selector} pick the token from it (schemes that replace the draw, see {@link TokenSelector}).
     *
     * @param context the sequence so far, {@code context[0..length)}, passed to the selector
     */
    public int sample(float[] logits, int[] context, int length, TokenSelector selector, RandomGenerator rng) {
        double total = filter(logits);
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
        clearWritten();
        float tau = kthLargest(logits, n, k, scratch);
        if (Float.isNaN(tau)) {
            throw new IllegalArgumentException("logits have no finite maximum");
        }
        float maxBias = bias.maxBias();
        // Slack of a few ulps: fl(l + b) <= fl(l + maxBias) < tau for every token left out (rounding-safe).
        float floor = tau - maxBias - 4 * Math.ulp(Math.abs(tau) + maxBias);
        int m = listAtLeast(logits, floor); // as the unwatermarked top-k lists its candidates; then bias them
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < m; i++) {
            int v = candidates[i];
            float b = logits[v] + bias.bias(biasState, v);
            biased[i] = b;
            max = Math.max(max, b);
        }
        if (max == Float.NEGATIVE_INFINITY || Float.isNaN(max)) {
            throw new IllegalArgumentException("logits have no finite maximum");
        }
        // the k-th largest biased logit: biases are >= 0, so the raw top-k (at least k values >= tau) stay at or
        // above tau, and only the biased values >= tau can be among the k largest
        int c = 0;
        for (int i = 0; i < m; i++) {
            scratch[c] = biased[i];
            c += biased[i] >= tau ? 1 : 0;
        }
        float cut = kthLargest(scratch, c, k, scratch);
        double invT = 1.0 / config.temperature();
        double total = 0;
        for (int i = 0; i < m; i++) {
            float l = biased[i];
            double w = l >= cut ? Math.exp((l - max) * invT) : 0.0;
            weights[candidates[i]] = w;
            total += w;
        }
        written = m;
        if (config.topP() < 1.0) {
            total = applyTopP(candidates, m, total); // the nucleus, listed in candidates; zeroes the rest
            m = supportSize;
            written = m;
        }
        return draw(weights, candidates, m, total, rng);
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
     * Temperature, top-k, top-p: fills {@code weights} ([vocab], 0 = excluded) and returns their sum. Without
     * top-k or top-p {@code supportSize} is −1 (every id may be positive); otherwise the ids with a positive
     * weight are listed in ascending order in {@code candidates[0..supportSize)}.
     */
    private double filter(float[] logits) {
        int n = logits.length;
        ensureCapacity(n);
        int k = config.topK();
        if (k > 0 && k < n) {
            return filterTopK(logits, k);
        }
        float max = Float.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        if (max == Float.NEGATIVE_INFINITY || Float.isNaN(max)) {
            throw new IllegalArgumentException("logits have no finite maximum");
        }
        double invT = 1.0 / config.temperature();
        double total = 0;
        for (int v = 0; v < n; v++) {
            double w = Math.exp((logits[v] - max) * invT);
            weights[v] = w;
            total += w;
        }
        supportSize = -1;
        if (config.topP() < 1.0) {
            total = applyTopP(null, n, total);
        }
        return total;
    }

    /**
     * {@link #filter} with a top-k: the k-th largest logit (one pass, {@link #kthLargest}), then one pass that
     * lists the candidates (logits at least that large) and their maximum, then weights for the candidates
     * only (the previous step's candidates are zeroed first, so every other weight is 0). The same weights,
     * total and support as weighting every id (the maximum is a candidate, and the other ids' weights are 0),
     * at a fraction of the cost: at V = 151,669 that pass takes 550 µs of exponentials and stores.
     */
    private double filterTopK(float[] logits, int k) {
        int n = logits.length;
        clearWritten();
        float cut = kthLargest(logits, n, k, scratch);
        int m = listAtLeast(logits, cut);
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < m; i++) {
            max = Math.max(max, logits[candidates[i]]);
        }
        if (max == Float.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("logits have no finite maximum");
        }
        double invT = 1.0 / config.temperature();
        double total = 0;
        for (int i = 0; i < m; i++) {
            int v = candidates[i];
            double w = Math.exp((logits[v] - max) * invT);
            weights[v] = w;
            total += w;
        }
        supportSize = m;
        written = m;
        if (config.topP() < 1.0) {
            total = applyTopP(candidates, m, total); // zeroes the weights it drops
            written = supportSize;
        }
        return total;
    }

    /**
     * Zeroes the weights a top-k step wrote (its candidates), so that every weight outside the next step's
     * candidates is 0, as a selector's full-vocabulary form may read them ({@link TokenSelector}).
     */
    private void clearWritten() {
        for (int i = 0; i < written; i++) {
            weights[candidates[i]] = 0.0;
        }
        written = 0;
    }

    /**
     * Lists in {@code candidates}, ascending, the ids whose logit is at least {@code floor} and returns how many
     * (one comparison per id, in a method of its own so that the JIT compiles the loop alone).
     *
     * @throws IllegalArgumentException if a logit is NaN
     */
    private int listAtLeast(float[] logits, float floor) {
        int[] out = candidates;
        int m = 0;
        for (int v = 0; v < logits.length; v++) {
            float l = logits[v];
            if (!(l < floor)) { // l >= floor, or NaN
                if (l != l) {
                    throw new IllegalArgumentException("logits have no finite maximum");
                }
                out[m++] = v;
            }
        }
        return m;
    }

    /**
     * Zeroes the weights outside the nucleus, lists the nucleus in ascending order in
     * {@code candidates[0..supportSize)} and returns the nucleus mass.
     *
     * @param ids the ids that may have a positive weight, ascending ({@code ids[0..count)}), or null for every
     *            id in [0, count); may be {@code candidates} itself
     */
    private double applyTopP(int[] ids, int count, double total) {
        double target = config.topP() * total;
        // The nucleus is a prefix of the descending order, so it lies inside any top-set of mass >= target.
        // Find such a set by lowering a relative threshold, then sort only it.
        double threshold = 1e-3;
        int m;
        while (true) {
            m = 0;
            double mass = 0;
            for (int i = 0; i < count; i++) {
                int v = ids == null ? i : ids[i];
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
        for (int i = 0; i < count; i++) {
            int v = ids == null ? i : ids[i];
            if (weights[v] < threshold) {
                weights[v] = 0.0; // outside the candidate set, hence outside the nucleus
            }
        }
        for (int i = 0; i < keepFrom; i++) {
            weights[(int) order[i]] = 0.0;
        }
        supportSize = 0;
        for (int i = keepFrom; i < m; i++) {
            int v = (int) order[i];
            if (weights[v] > 0) { // a weight that rounded to 0 stays outside the support
                candidates[supportSize++] = v;
            }
        }
        Arrays.sort(candidates, 0, supportSize);
        return cum;
    }

    /** Largest k for which {@link #kthLargest(float[], int, int, float[])} keeps a heap of the k largest. */
    static final int HEAP_K = 1024;

    /**
     * The k-th largest of {@code a[0..n)}, counting repeated values (a is scrambled). NaN counts as −∞.
     */
    static float kthLargest(float[] a, int n, int k) {
        return kthLargest(a, n, k, a);
    }

    /**
     * The k-th largest of {@code src[0..n)}, counting repeated values; NaN counts as −∞. For k ≤
     * {@link #HEAP_K}, one pass that keeps a min-heap of the k largest so far in {@code scratch[0..k)}, src
     * unchanged: on logits in no particular order only about k·ln(n/k) values enter the heap, and the pass is
     * one comparison per value (quickselect's partitions mispredict about every other branch: a top-k step at
     * V = 151,669 took 1 ms); otherwise quickselect on a copy in {@code scratch}. {@code scratch} may be
     * {@code src} itself (then src is scrambled).
     *
     * @param scratch at least n long
     */
    static float kthLargest(float[] src, int n, int k, float[] scratch) {
        if (k > HEAP_K) {
            for (int i = 0; i < n; i++) {
                float x = src[i];
                scratch[i] = x != x ? Float.NEGATIVE_INFINITY : x;
            }
            return quickselect(scratch, n, k);
        }
        float[] heap = scratch; // heap[0] is the smallest of the k largest so far
        for (int i = 0; i < k; i++) {
            float x = src[i];
            heap[i] = x != x ? Float.NEGATIVE_INFINITY : x; // reading src[i] before writing heap[i]: safe in place
        }
        for (int i = k / 2 - 1; i >= 0; i--) {
            siftDown(heap, i, k);
        }
        for (int i = nextAbove(src, k, n, heap[0]); i < n; i = nextAbove(src, i + 1, n, heap[0])) {
            heap[0] = src[i];
            siftDown(heap, 0, k);
        }
        return heap[0];
    }

    /**
     * The first index i in [from, n) with {@code a[i] > min} (never for NaN), or n: the hot loop of the heap
     * selection, in a method of its own so that the JIT compiles it alone, whoever calls it.
     */
    private static int nextAbove(float[] a, int from, int n, float min) {
        for (int i = from; i < n; i++) {
            if (a[i] > min) {
                return i;
            }
        }
        return n;
    }

    /** Restores the min-heap order of {@code heap[0..size)} below {@code i}. */
    private static void siftDown(float[] heap, int i, int size) {
        float x = heap[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && heap[child + 1] < heap[child]) {
                child++;
            }
            if (heap[child] >= x) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = x;
    }

    /** k-th largest of a[0..n) by quickselect (a is scrambled). */
    private static float quickselect(float[] a, int n, int k) {
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
            written = 0;
        }
    }
}
