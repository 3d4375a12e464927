package dev.telltale.core.internal;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The KGW full-vocabulary bias with the JDK Vector API: for every id v in [0, n),
 * {@code logits[v] += delta} iff {@code (u(seed, v) >>> 11) < threshold}, u the tt1 per-candidate value
 * {@code splitmix64(seed + (v + 1) * 0x9E3779B97F4A7C15)}. One lane per id: the splitmix64 multiplies run
 * as 64-bit lane multiplies, the green test as a lane subtraction's sign bit, the add as a float lane add
 * (about 9x faster than the scalar loop with AVX-512).
 * Same results as the scalar loop in {@code Tt1Prf.addGreenBias} (tested).
 *
 * <p>Only touch this class when {@link Simd#AVAILABLE} is true (see there).
 */
public final class VectorGreenBias {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final VectorSpecies<Long> L = LongVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I =
            VectorSpecies.of(int.class, VectorShape.forBitSize(L.length() * Integer.SIZE));
    private static final VectorSpecies<Float> F =
            VectorSpecies.of(float.class, VectorShape.forBitSize(L.length() * Float.SIZE));

    private static final VectorSpecies<Short> S =
            VectorSpecies.of(short.class, VectorShape.forBitSize(L.length() * Short.SIZE));

    private VectorGreenBias() {}

    /** Adds {@code delta} to the green logits of ids [0, n) and returns the first id not processed. */
    public static int addGreenBias(long seed, long threshold, float delta, float[] logits, int n) {
        int lanes = L.length();
        // lane j of block b holds id v = b + j: z = seed + (v + 1) * G = (seed + (b + 1) * G) + j * G
        LongVector laneOffsets = LongVector.zero(L).addIndex(1).mul(GOLDEN_GAMMA);
        long stride = lanes * GOLDEN_GAMMA;
        long base = seed + GOLDEN_GAMMA; // v = 0
        int v = 0;
        for (; v + lanes <= n; v += lanes, base += stride) {
            FloatVector.fromArray(F, logits, v).add(greenBits(laneOffsets.add(base), threshold).mul(delta))
                    .intoArray(logits, v);
        }
        return v;
    }

    /**
     * The kgw-selfhash full-vocabulary bias: id v's seed is the unsigned minimum of {@code anchors[v]} and
     * {@code windowMin} (KgwSelfHash.seed), then the same green test and add as {@link #addGreenBias}.
     *
     * @return the first id not processed
     */
    public static int addSelfHashBias(long windowMin, long[] anchors, long threshold, float delta, float[] logits,
            int n) {
        int lanes = L.length();
        LongVector laneOffsets = LongVector.zero(L).addIndex(1).mul(GOLDEN_GAMMA);
        long stride = lanes * GOLDEN_GAMMA;
        long base = GOLDEN_GAMMA; // (v + 1) * G at v = 0
        long flippedMin = windowMin ^ Long.MIN_VALUE; // unsigned order = signed order of x ^ 2^63
        int v = 0;
        for (; v + lanes <= n; v += lanes, base += stride) {
            LongVector flipped = LongVector.fromArray(L, anchors, v).lanewise(VectorOperators.XOR, Long.MIN_VALUE);
            LongVector seed = flipped.min(flippedMin).lanewise(VectorOperators.XOR, Long.MIN_VALUE);
            FloatVector.fromArray(F, logits, v).add(greenBits(seed.add(laneOffsets).add(base), threshold).mul(delta))
                    .intoArray(logits, v);
        }
        return v;
    }

    /**
     * [lanes] 1.0f where {@code splitmix64(z)} is green, else 0.0f. The green bit is the sign of
     * {@code (u >>> 11) - threshold}, converted to float: a masked add across species of different widths
     * (a long[8] mask applied to float[8]) is not intrinsified in JDK 17 and was ten times slower.
     */
    private static FloatVector greenBits(LongVector z, long threshold) {
        LongVector u = mix(z);
        LongVector bit = u.lanewise(VectorOperators.LSHR, 11).sub(threshold).lanewise(VectorOperators.LSHR, 63);
        return (FloatVector) bit.convertShape(VectorOperators.L2F, F, 0);
    }

    /**
     * The per-candidate values {@code out[v] = u(seed, v)} for ids [0, n) (Tt1Prf.value).
     *
     * @return the first id not processed
     */
    public static int values(long seed, long[] out, int n) {
        int lanes = L.length();
        LongVector laneOffsets = LongVector.zero(L).addIndex(1).mul(GOLDEN_GAMMA);
        long stride = lanes * GOLDEN_GAMMA;
        long base = seed + GOLDEN_GAMMA; // v = 0
        int v = 0;
        for (; v + lanes <= n; v += lanes, base += stride) {
            mix(laneOffsets.add(base)).intoArray(out, v);
        }
        return v;
    }

    /**
     * Bit fields of the per-candidate values (Tt1Prf.patterns): {@code out[k][v] = (u(seed, v) >>> shifts[k]) &
     * masks[k]} for k in [0, count) and ids [from, to), masks of at most 15 bits.
     *
     * @return the first id not processed
     */
    public static int patterns(long seed, int from, int to, int[] shifts, int[] masks, short[][] out, int count) {
        int lanes = L.length();
        LongVector laneOffsets = LongVector.zero(L).addIndex(1).mul(GOLDEN_GAMMA);
        long stride = lanes * GOLDEN_GAMMA;
        long base = seed + (from + 1L) * GOLDEN_GAMMA; // v = from
        int v = from;
        if (count == 2) { // the common case (a two-block tournament draw), without the loop over fields
            short[] out0 = out[0];
            short[] out1 = out[1];
            int shift0 = shifts[0];
            int shift1 = shifts[1];
            long mask0 = masks[0];
            long mask1 = masks[1];
            for (; v + lanes <= to; v += lanes, base += stride) {
                LongVector u = mix(laneOffsets.add(base));
                ((ShortVector) u.lanewise(VectorOperators.LSHR, shift0).and(mask0)
                        .convertShape(VectorOperators.L2S, S, 0)).intoArray(out0, v);
                ((ShortVector) u.lanewise(VectorOperators.LSHR, shift1).and(mask1)
                        .convertShape(VectorOperators.L2S, S, 0)).intoArray(out1, v);
            }
            return v;
        }
        for (; v + lanes <= to; v += lanes, base += stride) {
            LongVector u = mix(laneOffsets.add(base));
            for (int k = 0; k < count; k++) {
                ((ShortVector) u.lanewise(VectorOperators.LSHR, shifts[k]).and(masks[k])
                        .convertShape(VectorOperators.L2S, S, 0)).intoArray(out[k], v);
            }
        }
        return v;
    }

    /** splitmix64's finaliser on every lane (Tt1Prf.mix). */
    static LongVector mix(LongVector z) {
        z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(0xBF58476D1CE4E5B9L);
        z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(0x94D049BB133111EBL);
        return z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
    }

    /**
     * The KGW green count of scored positions: how many i in [0, n) have
     * {@code (u(seeds[i], ids[ends[i]]) >>> 11) < threshold}, for the whole vectors only: i in
     * [0, n − n % lanes()) (the caller counts the tail). Token ids are gathered by {@code ends}.
     */
    public static long countGreen(long[] seeds, int[] ids, int[] ends, int n, long threshold) {
        int lanes = L.length();
        long green = 0;
        int i = 0;
        for (; i + lanes <= n; i += lanes) {
            LongVector tokens = (LongVector) IntVector.fromArray(I, ids, 0, ends, i).convertShape(VectorOperators.I2L, L, 0);
            LongVector z = LongVector.fromArray(L, seeds, i).add(tokens.add(1L).mul(GOLDEN_GAMMA));
            green += mix(z).lanewise(VectorOperators.LSHR, 11).compare(VectorOperators.LT, threshold).trueCount();
        }
        return green;
    }

    /** Lanes per step (ids per vector). */
    public static int lanes() {
        return L.length();
    }
}
