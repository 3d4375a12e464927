package dev.telltale.core.internal.torch;

/**
 * The first k entries of {@code torch.randperm(n)} without materialising the permutation: the swap
 * algorithm only touches positions it draws, so a versioned sparse overlay over the identity replaces the
 * n-entry array (O(k) per call after one O(n) allocation). Mutable scratch: one per thread.
 */
public final class RandpermPrefix {
    private final int n;
    private final int[] values;  // [n] value at a touched position
    private final int[] stamps;  // [n] call number that last touched the position; else identity
    private int stamp;

    public RandpermPrefix(int n) {
        TorchRandom.checkRandpermSize(n);
        this.n = n;
        this.values = new int[n];
        this.stamps = new int[n];
    }

    public int size() {
        return n;
    }

    /** Writes {@code randperm(n)[0..k)} drawn from {@code g} into {@code out[0..k)}; consumes g exactly as torch. */
    public void prefix(Mt19937 g, int k, int[] out) {
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("prefix length must be in [0, " + n + "], got " + k);
        }
        if (++stamp == 0) {
            java.util.Arrays.fill(stamps, 0);
            stamp = 1;
        }
        int swaps = Math.min(k, n - 1);
        for (int i = 0; i < swaps; i++) {
            int j = i + Integer.remainderUnsigned(g.next(), n - i);
            int vi = get(i);
            out[i] = get(j);
            values[j] = vi;
            stamps[j] = stamp;
        }
        if (k == n && n > 0) {
            out[n - 1] = get(n - 1);
        }
    }

    private int get(int i) {
        return stamps[i] == stamp ? values[i] : i;
    }
}
