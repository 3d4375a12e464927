package dev.telltale.embed;

import dev.telltale.core.Tt1Prf;

/**
 * The output distribution of SynthID's non-distortionary two-way tournament [1], exactly, without drawing
 * the 2^m leaves.
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
 * depends on v only through g_0..g_l(v). With layers grouped in blocks of B = 10 bits, block k needs only
 * the masses of the 2^B patterns of its bits, each token weighted by the factors of earlier blocks:
 *   M_k[b] = Σ_{v : bits_k(v) = b} p_0(v) · Π_{j<k} F_j[bits_j(v)],
 * after which the B layers of the block run on the 2^B masses (B·2^B operations) and give the block's
 * factors F_k[b]. So a full-vocabulary step is ⌈m/B⌉ + 1 passes over V instead of m: the first computes
 * u(s, v) once per token (kept in a per-thread buffer), each later pass multiplies the weights in place by
 * the previous block's factor.
 * Supports of at most {@link #SMALL} tokens (top-k) are done directly, layer by layer.
 * </pre>
 *
 * One instance per thread (scratch buffers); allocation-free after construction.
 *
 * <p>[1] Dathathri et al. Scalable watermarking for identifying large language model outputs. Nature 634,
 * 818-823 (2024).
 */
final class SynthIdTournament {
    static final int BLOCK_BITS = 10;
    static final int SMALL = 512;
    private final double[][] factors = new double[(64 + BLOCK_BITS - 1) / BLOCK_BITS][1 << BLOCK_BITS];
    private final double[] mass = new double[1 << BLOCK_BITS];
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
        int n = 0;
        for (int v = 0; v < weights.length && n <= SMALL; v++) {
            if (weights[v] > 0) {
                n++;
            }
        }
        return n <= SMALL ? direct(seed, weights, layers) : blocked(seed, weights, layers);
    }

    /** Layer by layer on the gathered support. */
    private double direct(long seed, double[] weights, int layers) {
        int n = 0;
        for (int v = 0; v < weights.length; v++) {
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

    private double blocked(long seed, double[] weights, int layers) {
        int n = weights.length;
        if (values.length < n) {
            values = new long[n];
        }
        int blocks = (layers + BLOCK_BITS - 1) / BLOCK_BITS;
        int fullMask = (1 << BLOCK_BITS) - 1;
        for (int k = 0; k < blocks; k++) {
            int bits = Math.min(BLOCK_BITS, layers - k * BLOCK_BITS);
            int size = 1 << bits;
            int mask = size - 1;
            int shift = k * BLOCK_BITS;
            java.util.Arrays.fill(mass, 0, size, 0.0);
            if (k == 0) {
                for (int v = 0; v < n; v++) {
                    double w = weights[v];
                    if (w > 0) {
                        long u = Tt1Prf.value(seed, v);
                        values[v] = u;
                        mass[(int) u & mask] += w;
                    }
                }
            } else {
                // weights take the previous block's factor in place: w = p_0 · Π_{j<k} F_j
                double[] prev = factors[k - 1];
                int prevShift = shift - BLOCK_BITS;
                for (int v = 0; v < n; v++) {
                    double w = weights[v];
                    if (w > 0) {
                        long u = values[v];
                        w *= prev[(int) (u >>> prevShift) & fullMask];
                        weights[v] = w;
                        mass[(int) (u >>> shift) & mask] += w;
                    }
                }
            }
            double[] f = factors[k];
            java.util.Arrays.fill(f, 0, size, 1.0);
            for (int l = 0; l < bits; l++) {
                double tot = 0;
                double on = 0;
                for (int b = 0; b < size; b++) {
                    tot += mass[b];
                    if (((b >>> l) & 1) != 0) {
                        on += mass[b];
                    }
                }
                double m = on / tot;
                double c1 = 2 - m;
                double c0 = 1 - m;
                for (int b = 0; b < size; b++) {
                    double c = ((b >>> l) & 1) != 0 ? c1 : c0;
                    mass[b] *= c;
                    f[b] *= c;
                }
            }
        }
        double[] last = factors[blocks - 1];
        int lastShift = (blocks - 1) * BLOCK_BITS;
        int lastMask = (1 << (layers - lastShift)) - 1; // the last block may be narrower
        double total = 0;
        for (int v = 0; v < n; v++) {
            double w = weights[v];
            if (w > 0) {
                w *= last[(int) (values[v] >>> lastShift) & lastMask];
                weights[v] = w;
                total += w;
            }
        }
        return total;
    }
}
