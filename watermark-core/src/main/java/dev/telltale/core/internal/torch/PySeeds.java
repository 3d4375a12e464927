package dev.telltale.core.internal.torch;

/**
 * Python integer semantics of the seeds HF computes, reduced to what a CPU generator keeps.
 *
 * <p>HF seeds its generator with {@code manual_seed(seed % (2**64 - 1))}. Python's {@code %} is a floor
 * modulo, so a negative int64 k becomes k + 2^64 - 1 (its unsigned 64-bit pattern minus one), and a
 * Python product of two non-negative integers never overflows. The results below are unsigned 64-bit
 * values in a {@code long}; the CPU generator then keeps their low 32 bits.
 */
public final class PySeeds {
    private PySeeds() {}

    /** {@code k % (2**64 - 1)} for a signed 64-bit k, as an unsigned 64-bit value. */
    public static long modMersenne64(long k) {
        // k >= 0: k < 2^63 < 2^64 - 1, unchanged. k < 0: k + 2^64 - 1 == k - 1 (mod 2^64), in [2^63 - 1, 2^64 - 2].
        return k >= 0 ? k : k - 1;
    }

    /** {@code (a * b) % (2**64 - 1)} for non-negative a, b with the exact (unbounded) product, unsigned. */
    public static long productModMersenne64(long a, long b) {
        if (a < 0 || b < 0) {
            throw new IllegalArgumentException("factors must be >= 0, got " + a + " and " + b);
        }
        long hi = Math.multiplyHigh(a, b); // product = hi * 2^64 + unsigned(lo), hi < 2^62
        long lo = a * b;
        long r = lo + hi;                  // 2^64 == 1 (mod 2^64 - 1)
        if (Long.compareUnsigned(r, lo) < 0) {
            r += 1;                        // the carry out of 2^64 is worth 1
        }
        return r == -1L ? 0 : r;           // 2^64 - 1 == 0
    }
}
