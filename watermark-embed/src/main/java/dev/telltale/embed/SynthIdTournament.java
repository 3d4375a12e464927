package dev.telltale.embed;

import dev.telltale.core.Tt1Prf;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The output distribution of SynthID's non-distortionary two-way tournament [1], exactly, without drawing
 * the 2^m leaves, and a draw from it.
 *
 * <pre>
 * One layer l with g-values g_l(v) ∈ {0, 1}: draw two candidates i.i.d. from p_l; the one with the larger
 * g_l wins, a tie is broken uniformly. With m_l = Σ_w p_l(w) g_l(w):
 *   g_l(v) = 1:  P(win = v) = p_v² + 2 p_v [(1 − m_l) + ½ (m_l − p_v)] = p_v (2 − m_l)
 *   g_l(v) = 0:  P(win = v) = p_v² + 2 p_v · ½ (1 − m_l − p_v)         = p_v (1 − m_l)
 * so  p_{l+1}(v) = p_l(v) · (1 + g_l(v) − m_l)      (layer 0 first, m layers).
 * This is the update of [1, Methods, "tournament sampling", N = 2] and of the reference implementations'
 * "scores" step; it is derived here and checked by SynthIdTournamentTest against a brute-force enumeration
 * of the tournament. Each layer keeps Σ p = 1; averaged over g_l ~ Bernoulli(½) i.i.d. it keeps p itself
 * (E[g_v − m_l] = 0), so the tournament is non-distortionary over keys.
 *
 * Blocked evaluation. p_m(v) = p_0(v) · Π_l c_l(g_l(v)) with c_l(1) = 2 − m_l, c_l(0) = 1 − m_l, and m_l
 * depends on v only through g_0..g_l(v). With layers grouped in blocks of B bits ({@link #BLOCK_BITS}),
 * block k needs only
 * the masses of the 2^B patterns of its bits, each token weighted by the factors of earlier blocks:
 *   M_k[b] = Σ_{v : bits_k(v) = b} p_0(v) · Π_{j<k} F_j[bits_j(v)],
 * after which the B layers of the block run on the 2^B masses and give the block's factors F_k[b]. The
 * layers contract one bit each: with A[h] the mass of the patterns whose unplayed bits are h, weighted by
 * the played layers' factors, layer l reads m_l off A (the odd entries) and halves it,
 * A'[h] = c_l(0)·A[2h] + c_l(1)·A[2h+1], so a block costs about 2·2^B operations, not B·2^B.
 * A full-vocabulary draw (m = 30: three blocks of 10 bits) is then one pass over V that computes u(s, v)
 * and M_0, one per later block that multiplies the weights in place by the previous block's factors and
 * sums M_k, and a draw in two stages with no pass to finalise the weights: a last-block pattern b with probability M_last[b]·F_last[b] / Σ, then a token of
 * that pattern in proportion to its (already final up to the common factor F_last[b]) weight.
 * Supports of at most {@link #SMALL} tokens (top-k) are done directly, layer by layer.
 * </pre>
 *
 * One instance per thread (scratch buffers); allocation-free after construction.
 *
 * <p>[1] Dathathri et al. Scalable watermarking for identifying large language model outputs. Nature 634,
 * 818-823 (2024).
 */
final class SynthIdTournament {
    /**
     * Widest block: B = ⌈m / ⌈m / 12⌉⌉, so m = 30 plays three blocks of 10 bits. Measured at V = 32,000 to
     * 151,669 (p10 of a step): 10-bit blocks beat 15-bit ones (two passes, but 256 KB tables that miss L1 and
     * 2^15-entry block work) by 1.1x at V = 151,669 and 2.3x at V = 32,000, and 8- or 9-bit ones (four passes).
     */
    static final int BLOCK_BITS = 12;
    /** Bits of u a block's pass sums over at least (see blocks()). */
    private static final int HIST_BITS = 12;
    static final int SMALL = 512;
    private final double[][] factors = new double[(64 + BLOCK_BITS - 1) / BLOCK_BITS][];
    private final double[] mass = new double[1 << Math.max(BLOCK_BITS, HIST_BITS)];
    private final double[] work = new double[1 << BLOCK_BITS];
    private final double[] c0 = new double[BLOCK_BITS];
    private final double[] c1 = new double[BLOCK_BITS];
    private int blockBits = BLOCK_BITS; // B of the last blocks() call
    private final int[] ids = new int[SMALL];
    private final long[] us = new long[SMALL];
    private final double[] ps = new double[SMALL];
    private long[] values = new long[0]; // [vocab] u(seed, v), filled by the first block's pass

    /**
     * Replaces {@code weights} by the tournament's output distribution for context seed {@code seed}
     * (unnormalised, on the same support) and returns the new total.
     *
     * @param weights [vocab] unnormalised input distribution p_0, 0 = excluded
     * @param layers  m in [1, 64]; layer l uses bit l of u(seed, v)
     */
    double apply(long seed, double[] weights, int layers) {
        if (!small(weights)) {
            int last = blocks(seed, weights, layers);
            double[] f = factors[last];
            int shift = last * blockBits;
            int mask = (1 << (layers - shift)) - 1;
            double total = 0;
            for (int v = 0; v < weights.length; v++) {
                double w = weights[v];
                if (w > 0) {
                    w *= f[(int) (values[v] >>> shift) & mask];
                    weights[v] = w;
                    total += w;
                }
            }
            return total;
        }
        return direct(seed, weights, layers);
    }

    /**
     * Draws a token from the tournament's output distribution for context seed {@code seed}: the token
     * {@link #apply} gives probability {@code weights[v] / total}. May overwrite {@code weights}.
     *
     * @param weights [vocab] unnormalised input distribution p_0, 0 = excluded; not all 0
     */
    int sample(long seed, double[] weights, int layers, RandomGenerator rng) {
        if (small(weights)) {
            return Sampler.draw(weights, direct(seed, weights, layers), rng);
        }
        int last = blocks(seed, weights, layers);
        int shift = last * blockBits;
        int bits = layers - shift;
        int size = 1 << bits;
        double[] f = factors[last];
        // stage 1: the pattern b of the last block, with probability M_last[b]·F_last[b] / Σ
        double t0 = 0;
        double t1 = 0;
        for (int b = 0; b < size; b += 2) { // size is a power of two, at least 2 (a block has at least one bit)
            t0 += mass[b] * f[b];
            t1 += mass[b + 1] * f[b + 1];
        }
        double r = rng.nextDouble() * (t0 + t1);
        int pattern = -1;
        double within = 0;
        for (int b = 0; b < size; b++) {
            double q = mass[b] * f[b];
            if (q > 0) {
                pattern = b;
                within = r;
                if (r < q) {
                    break;
                }
                r -= q;
            }
        }
        // stage 2: a token of that pattern in proportion to its weight (the pattern's factor is common)
        double q = mass[pattern] * f[pattern];
        double t = Math.min(within / q, 1.0) * mass[pattern];
        int mask = size - 1;
        int token = -1;
        for (int v = 0; v < weights.length; v++) {
            double w = weights[v];
            if (w > 0 && ((int) (values[v] >>> shift) & mask) == pattern) {
                token = v;
                if (t < w) {
                    break;
                }
                t -= w;
            }
        }
        return token;
    }

    /** True when at most SMALL weights are positive (then the direct, layer-by-layer path runs). */
    private static boolean small(double[] weights) {
        int n = 0;
        for (int v = 0; v < weights.length && n <= SMALL; v++) {
            if (weights[v] > 0) {
                n++;
            }
        }
        return n <= SMALL;
    }

    /**
     * {@link #sample(long, double[], int, RandomGenerator)} when the support is listed: {@code support[0..size)}
     * ascending holds every id with a positive weight. The same token for the same {@code rng} state.
     */
    int sample(long seed, double[] weights, int[] support, int size, int layers, RandomGenerator rng) {
        if (size > SMALL) {
            return sample(seed, weights, layers, rng);
        }
        return Sampler.draw(weights, support, size, direct(seed, weights, support, size, layers), rng);
    }

    /** Layer by layer on the positive weights of the whole vocabulary. */
    private double direct(long seed, double[] weights, int layers) {
        return direct(seed, weights, null, weights.length, layers);
    }

    /**
     * Layer by layer on the positive weights among {@code support[0..size)}, or among ids [0, size) when
     * {@code support} is null: gathers (id, p, u), runs the layers and writes the weights back.
     */
    private double direct(long seed, double[] weights, int[] support, int size, int layers) {
        int n = 0;
        for (int i = 0; i < size; i++) {
            int v = support == null ? i : support[i];
            if (weights[v] > 0) {
                ids[n] = v;
                ps[n] = weights[v];
                us[n] = Tt1Prf.value(seed, v);
                n++;
            }
        }
        layers(ps, us, n, layers);
        double total = 0;
        for (int i = 0; i < n; i++) {
            weights[ids[i]] = ps[i];
            total += ps[i];
        }
        return total;
    }

    /**
     * The plain recurrence p ← p · (1 + g_l − m_l) for l = 0..layers−1 on {@code p[0..n)} with g-values
     * {@code bit l of u[i]} (the reference the blocked form is tested against).
     */
    static void layers(double[] p, long[] u, int n, int layers) {
        for (int l = 0; l < layers; l++) {
            double tot = 0;
            double on = 0;
            for (int i = 0; i < n; i++) {
                tot += p[i];
                if (((u[i] >>> l) & 1) != 0) {
                    on += p[i];
                }
            }
            double m = on / tot;
            double c1 = 2 - m;
            double c0 = 1 - m;
            for (int i = 0; i < n; i++) {
                p[i] *= ((u[i] >>> l) & 1) != 0 ? c1 : c0;
            }
        }
    }

    /**
     * The passes over the vocabulary: fills {@code values}, runs every block, and leaves {@code weights} =
     * p_0 · Π_{j<last} F_j, {@code mass} = M_last (before its layers) and {@code factors[last]} = F_last.
     *
     * @return the index of the last block
     */
    private int blocks(long seed, double[] weights, int layers) {
        int n = weights.length;
        if (values.length < n) {
            values = new long[n];
        }
        int blocks = (layers + BLOCK_BITS - 1) / BLOCK_BITS;
        int width = (layers + blocks - 1) / blocks; // equal blocks, the last one possibly narrower
        blockBits = width;
        for (int k = 0; k < blocks; k++) {
            int bits = Math.min(width, layers - k * width);
            int mask = (1 << bits) - 1;
            int shift = k * width;
            if (factors[k] == null || factors[k].length < 1 << bits) {
                factors[k] = new double[1 << width]; // once per thread and width
            }
            // A narrow block (the last one, or m < B) still sums over at least HIST_BITS bits of u and then
            // folds the extra bits away: with a handful of buckets every add would wait for the previous add
            // to the same bucket (m = 1 took 1.5x as long as m = 30 before).
            int histBits = Math.min(Math.max(bits, HIST_BITS), 64 - shift);
            int histMask = (1 << histBits) - 1;
            Arrays.fill(mass, 0, 1 << histBits, 0.0);
            if (k == 0) {
                Tt1Prf.values(seed, values, n);
                for (int v = 0; v < n; v++) {
                    double w = weights[v];
                    if (w > 0) {
                        mass[(int) values[v] & histMask] += w;
                    }
                }
            } else {
                // weights take the previous block's factor in place: w = p_0 · Π_{j<k} F_j
                double[] prev = factors[k - 1];
                int prevShift = shift - width;
                int prevMask = (1 << width) - 1;
                for (int v = 0; v < n; v++) {
                    double w = weights[v];
                    if (w > 0) {
                        long u = values[v];
                        w *= prev[(int) (u >>> prevShift) & prevMask];
                        weights[v] = w;
                        mass[(int) (u >>> shift) & histMask] += w;
                    }
                }
            }
            for (int b = 1 << bits; b < 1 << histBits; b++) {
                mass[b & mask] += mass[b];
            }
            blockLayers(bits, factors[k]);
        }
        return blocks - 1;
    }

    /**
     * Plays {@code bits} layers on the pattern masses {@code mass[0..2^bits)} (bit l of a pattern = g_l) by
     * contraction (class comment) and writes each pattern's factor {@code f[b] = Π_l c_l(bit l of b)},
     * multiplied in layer order. {@code mass} is left as it was.
     */
    private void blockLayers(int bits, double[] f) {
        int len = 1 << bits;
        System.arraycopy(mass, 0, work, 0, len);
        // Σ A is the same after every contraction (each layer keeps the total), so only m_l's numerator, the
        // odd entries' sum, is summed per layer; four partial sums keep the adds from waiting on each other
        double tot = sum(work, 0, 1, len);
        double on = sum(work, 1, 2, len);
        for (int l = 0; l < bits; l++) {
            double m = on / tot;
            double a = 1 - m;
            double b = 2 - m;
            c0[l] = a;
            c1[l] = b;
            len >>= 1;
            for (int h = 0; h < len; h++) {
                work[h] = work[2 * h] * a + work[2 * h + 1] * b;
            }
            on = len > 1 ? sum(work, 1, 2, len) : 0;
        }
        f[0] = 1.0;
        for (int l = 0; l < bits; l++) {
            int span = 1 << l;
            double a = c0[l];
            double b = c1[l];
            for (int j = 0; j < span; j++) {
                f[span + j] = f[j] * b;
                f[j] *= a;
            }
        }
    }

    /** Σ a[i] for i = from, from + step, … below to, with four partial sums. */
    private static double sum(double[] a, int from, int step, int to) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = from;
        for (; i + 3 * step < to; i += 4 * step) {
            s0 += a[i];
            s1 += a[i + step];
            s2 += a[i + 2 * step];
            s3 += a[i + 3 * step];
        }
        for (; i < to; i += step) {
            s0 += a[i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
