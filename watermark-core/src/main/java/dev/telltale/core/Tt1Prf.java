package dev.telltale.core;

import dev.telltale.core.internal.Hkdf;
import dev.telltale.core.internal.SipHash24;
import dev.telltale.core.internal.VectorGreenBias;
import dev.telltale.core.internal.Simd;
import dev.telltale.core.internal.VectorSipHash;
import java.util.Arrays;

/**
 * The native, portable keyed PRF {@code tt1} (DESIGN.md §4, contract; vectors in
 * {@code testdata/vectors/tt1.json}).
 *
 * <pre>
 * k       = HKDF-SHA256(secret, salt="telltale", info="telltale/v1/prf", 16 bytes) -> (k0, k1) LE
 * s       = SipHash-2-4_k( LE64(x[t-h]) || ... || LE64(x[t-1]) )        one per step (h = context width)
 * u(s, v) = splitmix64( s + (v + 1) * 0x9E3779B97F4A7C15 )               one cheap mix per candidate
 * uniform = ((u >>> 11) + 0.5) * 2^-53                                  in (0, 1)
 * green_γ = (u >>> 11) < γ * 2^53
 * </pre>
 *
 * One SipHash per decode step and a 64-bit mix per candidate keep a full-vocabulary pass in the tens of
 * microseconds. Instances are immutable and thread-safe; every method is allocation-free.
 *
 * <p>[1] Steele, Lea, Flood. Fast splittable pseudorandom number generators. OOPSLA 2014 (the mix).
 */
public final class Tt1Prf {
    /** Identifier recorded in key files and reports. */
    public static final String ID = "tt1";
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final double TWO_POW_MINUS_53 = 0x1p-53;

    private final long k0;
    private final long k1;

    private Tt1Prf(long k0, long k1) {
        this.k0 = k0;
        this.k1 = k1;
    }

    /** Derives the PRF from a key's secret (see {@link WatermarkKey#prf()}). */
    static Tt1Prf fromSecret(byte[] secret) {
        byte[] k = Hkdf.derive(secret, Hkdf.SALT, "telltale/v1/prf", 16);
        return new Tt1Prf(leLong(k, 0), leLong(k, 8));
    }

    /** Context seed over {@code ids[from..to)} (oldest first); an empty range is the fixed list (h = 0). */
    public long seed(int[] ids, int from, int to) {
        return SipHash24.hashWords(k0, k1, ids, from, to);
    }

    /**
     * Batch of context seeds: {@code out[i] = seed(ids, ends[i] - h, ends[i])} for i in [0, n). Uses SIMD
     * lanes when the JVM runs with {@code --add-modules jdk.incubator.vector} (about 2.3x faster at h = 2
     * on AVX-512), the scalar SipHash otherwise; both give identical seeds.
     *
     * @param scratch at least {@link #SEED_SCRATCH} longs, reused between calls
     */
    public void seeds(int[] ids, int[] ends, int n, int h, long[] out, long[] scratch) {
        if (h == 0) {
            Arrays.fill(out, 0, n, SipHash24.hashWords(k0, k1, ids, 0, 0)); // one fixed list
        } else if (Simd.AVAILABLE && n >= VectorSipHash.lanes()) {
            VectorSipHash.hashWindows(k0, k1, ids, ends, n, h, out, scratch);
        } else {
            SipHash24.hashWindows(k0, k1, ids, ends, n, h, out);
        }
    }

    /** Size of the scratch buffer {@link #seeds} needs (enough for any SIMD width). */
    public static final int SEED_SCRATCH = 64;

    /** Per-candidate 64-bit value u(s, v). */
    public static long value(long seed, int token) {
        return mix(seed + (token + 1L) * GOLDEN_GAMMA);
    }

    /**
     * {@code out[v] = value(seed, v)} for every id v in [0, n): SIMD lanes when the JVM runs with
     * {@code --add-modules jdk.incubator.vector} (same results). Allocation-free.
     */
    public static void values(long seed, long[] out, int n) {
        int v = Simd.AVAILABLE ? VectorGreenBias.values(seed, out, n) : 0;
        for (; v < n; v++) {
            out[v] = value(seed, v);
        }
    }

    /**
     * Bit fields of the per-candidate values, for schemes that bucket candidates by some of their bits (the
     * SynthID tournament's blocks): {@code out[k][v] = (short) ((value(seed, v) >>> shifts[k]) & masks[k])} for
     * k in [0, count) and every id v in [from, to). SIMD lanes when the JVM runs with
     * {@code --add-modules jdk.incubator.vector} (same results). Allocation-free.
     *
     * @param masks each at most 0x7FFF, so that every field is a non-negative short
     */
    public static void patterns(long seed, int from, int to, int[] shifts, int[] masks, short[][] out, int count) {
        for (int k = 0; k < count; k++) {
            if ((masks[k] & ~0x7FFF) != 0) {
                throw new IllegalArgumentException("mask wider than 15 bits: " + Integer.toHexString(masks[k]));
            }
        }
        int v = Simd.AVAILABLE ? VectorGreenBias.patterns(seed, from, to, shifts, masks, out, count) : from;
        for (; v < to; v++) {
            long u = value(seed, v);
            for (int k = 0; k < count; k++) {
                out[k][v] = (short) ((u >>> shifts[k]) & masks[k]);
            }
        }
    }

    /**
     * The KGW green count of scored positions: how many i in [0, n) have
     * {@code isGreen(value(seeds[i], ids[ends[i]]), threshold)}. SIMD lanes when the JVM runs with
     * {@code --add-modules jdk.incubator.vector} (same count). Allocation-free.
     */
    public static long countGreen(long[] seeds, int[] ids, int[] ends, int n, long threshold) {
        long green = 0;
        int i = 0;
        if (Simd.AVAILABLE) {
            green = VectorGreenBias.countGreen(seeds, ids, ends, n, threshold);
            i = n - n % VectorGreenBias.lanes();
        }
        for (; i < n; i++) {
            green += (value(seeds[i], ids[ends[i]]) >>> 11) < threshold ? 1 : 0;
        }
        return green;
    }

    /**
     * The KGW bias over a whole vocabulary: {@code logits[v] += delta} for every green id v in
     * [0, logits.length), i.e. {@code (value(seed, v) >>> 11) < threshold}. SIMD lanes when the JVM runs with
     * {@code --add-modules jdk.incubator.vector}, a branch-free scalar loop otherwise (same results).
     * Allocation-free.
     */
    public static void addGreenBias(long seed, long threshold, float delta, float[] logits) {
        int v = Simd.AVAILABLE ? VectorGreenBias.addGreenBias(seed, threshold, delta, logits, logits.length)
                : 0;
        addGreenBiasScalar(seed, threshold, delta, logits, v, logits.length);
    }

    /** The scalar reference of {@link #addGreenBias}, over ids [from, to). */
    public static void addGreenBiasScalar(long seed, long threshold, float delta, float[] logits, int from, int to) {
        for (int v = from; v < to; v++) {
            // (u >>> 11) < threshold  <=>  (u >>> 11) - threshold < 0 (both < 2^54): the sign bit is the green
            // bit, so there is no branch to mispredict on a 25 %-random outcome
            long greenBit = ((value(seed, v) >>> 11) - threshold) >>> 63;
            logits[v] += delta * greenBit;
        }
    }

    /** Maps u to a uniform double in (0, 1), never 0 or 1. */
    public static double uniform(long u) {
        return ((u >>> 11) + 0.5) * TWO_POW_MINUS_53;
    }

    /**
     * The integer threshold t with {@code green <=> (u >>> 11) < t}; equals ceil(γ·2^53), so the test is
     * exactly {@code (u >>> 11) < γ·2^53} of the specification.
     */
    public static long greenThreshold(double gamma) {
        SchemeFields.requireGamma(gamma);
        return (long) Math.ceil(gamma * 0x1p53);
    }

    public static boolean isGreen(long u, long threshold) {
        return (u >>> 11) < threshold;
    }

    /**
     * {@link #isGreen} as 1 or 0, without a branch (a green test is a coin flip that a branch would often
     * mispredict): (u >>> 11) − threshold is negative, so its sign bit is set, iff green (both are below 2^54).
     */
    public static int greenBit(long u, long threshold) {
        return (int) (((u >>> 11) - threshold) >>> 63);
    }

    /** splitmix64's finaliser (variant 13 of Stafford's mixers). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Key halves, for test vectors only. */
    long k0() { return k0; }

    long k1() { return k1; }

    static long leLong(byte[] b, int off) {
        long r = 0;
        for (int i = 7; i >= 0; i--) {
            r = (r << 8) | (b[off + i] & 0xFF);
        }
        return r;
    }

    @Override
    public String toString() {
        return "Tt1Prf[keyed]";
    }
}
