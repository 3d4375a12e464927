package dev.telltale.core.internal.torch;

/**
 * PyTorch's CPU generator: the reference 32-bit Mersenne Twister [1]. {@code torch.Generator.manual_seed(s)}
 * is {@code init_genrand(s & 0xffffffff)}: only the low 32 bits of a seed matter on CPU, so seeds s and
 * s + 2^32 give identical streams.
 *
 * <p>Mutable and not thread-safe: one instance per thread, re-seeded in place (no allocation).
 */
public final class Mt19937 {
    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER = 0x80000000;
    private static final int LOWER = 0x7fffffff;

    private final int[] mt = new int[N];
    private int index;

    /** A generator in the state of {@code manual_seed(seed)}. */
    public Mt19937(long seed) {
        seed(seed);
    }

    /** {@code manual_seed(seed)}: {@code init_genrand} with the low 32 bits of {@code seed}. */
    public void seed(long seed) {
        int[] s = mt;
        s[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            s[i] = 1812433253 * (s[i - 1] ^ (s[i - 1] >>> 30)) + i;
        }
        index = N;
    }

    /** The next tempered 32-bit output ({@code genrand_int32}) as a signed int; use unsigned arithmetic. */
    public int next() {
        if (index >= N) {
            twist();
        }
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    /** The next output as an unsigned value in [0, 2^32). */
    public long nextUnsigned() {
        return Integer.toUnsignedLong(next());
    }

    private void twist() {
        int[] s = mt;
        int k = 0;
        for (; k < N - M; k++) {
            int y = (s[k] & UPPER) | (s[k + 1] & LOWER);
            s[k] = s[k + M] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
        }
        for (; k < N - 1; k++) {
            int y = (s[k] & UPPER) | (s[k + 1] & LOWER);
            s[k] = s[k + (M - N)] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
        }
        int y = (s[N - 1] & UPPER) | (s[0] & LOWER);
        s[N - 1] = s[M - 1] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
        index = 0;
    }
}
