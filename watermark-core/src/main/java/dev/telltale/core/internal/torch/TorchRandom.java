package dev.telltale.core.internal.torch;

/**
 * PyTorch's CPU sampling functions over {@link Mt19937}, consuming the generator exactly as PyTorch does.
 *
 * <pre>
 * randperm(n)        a = [0, n); for i in [0, n-2]: z = mt() % (n - i); swap(a[i], a[i + z])
 *                    (the path for n &lt; 2^32 / 20; larger n use 64-bit draws and are refused here)
 * rand(n) (float32)  (mt() &amp; 0xFFFFFF) * 2^-24, filled in order
 * randint(lo, hi, n) mt() % (hi - lo) + lo for hi - lo &lt; 2^32, filled in order
 * </pre>
 */
public final class TorchRandom {
    /** randperm(n) uses 32-bit draws (the algorithm ported here) only for n below this bound. */
    public static final int RANDPERM_LIMIT = (int) ((1L << 32) / 20);
    private static final float TWO_POW_MINUS_24 = 0x1.0p-24f;

    private TorchRandom() {}

    /** {@code torch.randperm(n, generator=g)}. */
    public static int[] randperm(Mt19937 g, int n) {
        checkRandpermSize(n);
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = 0; i < n - 1; i++) {
            int j = i + Integer.remainderUnsigned(g.next(), n - i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    /**
     * Whether {@code token} is among the first {@code k} entries of {@code randperm(n)} drawn from {@code g}.
     * Follows the token through the first k swaps only: O(k) draws, no array. Consumes {@code g}.
     */
    public static boolean inRandpermPrefix(Mt19937 g, int n, int k, int token) {
        checkRandpermSize(n);
        if (token < 0 || token >= n) {
            return false;
        }
        if (k >= n) {
            return true;
        }
        int pos = token; // positions < i are final after swap i-1; the token is still at pos >= i
        for (int i = 0; i < k; i++) {
            int j = i + Integer.remainderUnsigned(g.next(), n - i);
            if (pos == j) {
                return true; // swapped into position i < k, where it stays
            }
            if (pos == i) {
                pos = j;
            }
        }
        return false;
    }

    /** {@code torch.rand(n, generator=g)} in float32. */
    public static float[] rand(Mt19937 g, int n) {
        float[] r = new float[n];
        for (int i = 0; i < n; i++) {
            r[i] = (g.next() & 0xFFFFFF) * TWO_POW_MINUS_24;
        }
        return r;
    }

    /** {@code torch.randint(low, high, (n,), generator=g)} for {@code 0 < high - low < 2^32}. */
    public static long[] randint(Mt19937 g, long low, long high, int n) {
        long range = high - low;
        if (range <= 0 || range >= 1L << 32) {
            throw new IllegalArgumentException("randint range must be in (0, 2^32), got " + range);
        }
        long[] r = new long[n];
        for (int i = 0; i < n; i++) {
            r[i] = g.nextUnsigned() % range + low;
        }
        return r;
    }

    static void checkRandpermSize(int n) {
        if (n < 0 || n >= RANDPERM_LIMIT) {
            throw new IllegalArgumentException("randperm size must be in [0, " + RANDPERM_LIMIT + "), got " + n);
        }
    }
}
