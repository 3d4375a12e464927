package dev.telltale.core.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Gumbel-max selection over a whole vocabulary with the JDK Vector API: {@code argmin_v −ln(r_v) / w_v} over
 * the positive weights, {@code r_v = ((u(seed, v) >>> 11) + ½)·2^-53} and u the tt1 per-candidate value
 * {@code splitmix64(seed + (v + 1)·0x9E3779B97F4A7C15)} — the token Gumbel-max sampling emits.
 *
 * <p>The scalar loop ({@link GumbelArgmax#scan}) skips a candidate whose lower bound
 * {@code 1 − r ≤ −ln r} already loses: {@code 1 − r > best·w·(1 + 2^-40)}. Here that test runs on a vector of
 * ids at a time (u, r and the bound as lanes; a zero weight gives a bound of 0 or NaN, which also skips), and
 * only the few lanes that survive run the scalar code, in id order, so the result is the scalar loop's
 * (same arithmetic, tested): the bound a lane is tested against may be stale by at most the lanes before it
 * in its vector, and a stale bound is larger, so it never skips a lane the scalar loop would keep.
 *
 * <p>Only touch this class when {@link Simd#AVAILABLE} is true (see there).
 */
public final class VectorGumbel {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final double SAFETY = GumbelArgmax.SAFETY;
    private static final double TWO_POW_MINUS_53 = 0x1p-53;
    private static final VectorSpecies<Long> L = LongVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    private VectorGumbel() {}

    /**
     * @param weights [n] unnormalised probabilities, 0 (or negative) = excluded
     * @return the selected id, or −1 when no weight is positive
     */
    public static int argmax(long seed, double[] weights, int n) {
        if (D.length() != L.length()) {
            return GumbelArgmax.scan(seed, weights, 0, n, -1, Double.POSITIVE_INFINITY);
        }
        int lanes = L.length();
        LongVector laneOffsets = LongVector.zero(L).addIndex(1).mul(GOLDEN_GAMMA);
        long stride = lanes * GOLDEN_GAMMA;
        long base = seed + GOLDEN_GAMMA; // v = 0
        int best = -1;
        double bestValue = Double.POSITIVE_INFINITY; // min of −ln(r) / w so far
        int v = 0;
        for (; v + lanes <= n; v += lanes, base += stride) {
            LongVector z = VectorGreenBias.mix(laneOffsets.add(base));
            DoubleVector r = ((DoubleVector) z.lanewise(VectorOperators.LSHR, 11).convert(VectorOperators.L2D, 0))
                    .add(0.5).mul(TWO_POW_MINUS_53);
            DoubleVector bound = DoubleVector.fromArray(D, weights, v).mul(bestValue).mul(SAFETY);
            // keep = !(1 − r > bound), i.e. 1 − r ≤ bound; false for NaN bounds (w = 0 while best = ∞)
            VectorMask<Double> keep = r.neg().add(1.0).compare(VectorOperators.LE, bound);
            if (keep.anyTrue()) {
                long bits = keep.toLong();
                while (bits != 0) {
                    int id = v + Long.numberOfTrailingZeros(bits);
                    bits &= bits - 1;
                    int b = GumbelArgmax.scan(seed, weights, id, id + 1, best, bestValue);
                    if (b != best) {
                        best = b;
                        bestValue = GumbelArgmax.value(seed, weights, b);
                    }
                }
            }
        }
        return GumbelArgmax.scan(seed, weights, v, n, best, bestValue);
    }

    /** Lanes per step (ids per vector). */
    public static int lanes() {
        return L.length();
    }
}
