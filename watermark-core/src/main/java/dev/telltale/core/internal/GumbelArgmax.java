package dev.telltale.core.internal;

import dev.telltale.core.Tt1Prf;

/**
 * The Gumbel-max draw for one seed: {@code argmax_v r_v^(1/w_v)}, i.e. {@code argmin_v −ln(r_v) / w_v}, over
 * the positive weights, with {@code r_v = Tt1Prf.uniform(Tt1Prf.value(seed, v))}.
 *
 * <pre>
 * Speed: −ln r ≥ 1 − r, so a candidate with (1 − r_v) / w_v above the best −ln(r) / w so far cannot win and
 * its logarithm is skipped (with a 2^-40 relative margin against rounding): one mix per candidate, a handful
 * of logarithms per draw. {@link VectorGumbel} runs the same skip test on vectors of ids.
 * </pre>
 * Stateless and allocation-free.
 */
public final class GumbelArgmax {
    static final double SAFETY = 1 + 0x1p-40;

    private GumbelArgmax() {}

    /**
     * @param weights unnormalised probabilities, 0 = excluded
     * @return the selected id, or −1 when no weight is positive
     */
    public static int argmax(long seed, double[] weights) {
        return Simd.AVAILABLE ? VectorGumbel.argmax(seed, weights, weights.length)
                : scan(seed, weights, 0, weights.length, -1, Double.POSITIVE_INFINITY);
    }

    /**
     * The same over a listed support: {@code support[0..size)} ascending holds every id with a positive
     * weight; returns what {@link #argmax(long, double[])} returns.
     */
    public static int argmax(long seed, double[] weights, int[] support, int size) {
        int best = -1;
        double bestValue = Double.POSITIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            int v = support[i];
            int b = scan(seed, weights, v, v + 1, best, bestValue);
            if (b != best) {
                best = b;
                bestValue = value(seed, weights, b);
            }
        }
        return best;
    }

    /** The scalar reference over ids [from, to), continuing from the best so far (id −1: none). */
    public static int scan(long seed, double[] weights, int from, int to, int best, double bestValue) {
        for (int v = from; v < to; v++) {
            double w = weights[v];
            if (!(w > 0)) {
                continue;
            }
            double r = Tt1Prf.uniform(Tt1Prf.value(seed, v));
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

    /** −ln(r_v) / w_v, the quantity minimised (exactly as {@link #scan} computes it). */
    static double value(long seed, double[] weights, int v) {
        return -Math.log(Tt1Prf.uniform(Tt1Prf.value(seed, v))) / weights[v];
    }
}
