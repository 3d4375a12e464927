package dev.telltale.core.internal;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Registry search of {@code kgw-account-keys} with the JDK Vector API: one lane per account, so the
 * splitmix64 multiplies of eight accounts run as one 64-bit lane multiply (AVX-512). For account key k and
 * scored pair t the membership bit is {@code green(mix((seeds[t] XOR k) + offsets[t]))}, with
 * {@code offsets[t] = (x_t + 1) · 0x9E3779B97F4A7C15}: tt1's u(seed XOR k, x_t) (AccountPrf.keyedSeed).
 * Same counts as the scalar loop (tested).
 *
 * <p>Only touch this class when {@link Simd#AVAILABLE} is true.
 */
public final class VectorAccountCounts {
    private static final VectorSpecies<Long> L = LongVector.SPECIES_PREFERRED;

    private VectorAccountCounts() {}

    /**
     * {@code counts[id - from]} = the number of pairs t in [0, n) whose token is in the list of the account with
     * key {@code keys[id]}, for whole blocks of lanes of ids in [from, to).
     *
     * @return the first id not processed (the caller counts [returned, to) with the scalar loop)
     */
    public static int count(long[] keys, int from, int to, long[] seeds, long[] offsets, int n, long threshold,
                            int[] counts) {
        int lanes = L.length();
        long[] lane = new long[lanes];
        int id = from;
        for (; id + lanes <= to; id += lanes) {
            LongVector k = LongVector.fromArray(L, keys, id);
            LongVector acc = LongVector.zero(L);
            for (int t = 0; t < n; t++) {
                LongVector z = k.lanewise(VectorOperators.XOR, seeds[t]).add(offsets[t]);
                z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(0xBF58476D1CE4E5B9L);
                z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(0x94D049BB133111EBL);
                z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
                acc = acc.add(z.lanewise(VectorOperators.LSHR, 11).sub(threshold).lanewise(VectorOperators.LSHR, 63));
            }
            acc.intoArray(lane, 0);
            for (int j = 0; j < lanes; j++) {
                counts[id - from + j] = (int) lane[j];
            }
        }
        return id;
    }
}
