package dev.telltale.detect.radioactivity;

/**
 * An exact set of token n-grams of one length n (the context windows of a scheme, or tuples): the windows
 * occurring in the prompts (skipped) or in our own watermarked data (the filter). Ids are packed
 * {@code bitsPerId} bits each into two 63-bit words, so n · bitsPerId ≤ 126 (Qwen3: n ≤ 7); open
 * addressing, no per-call allocation, no hash-collision approximation.
 *
 * <p>Not thread-safe: fill it, then read it from any number of threads.
 */
public final class WindowSet {
    private final int n;
    private final int bitsPerId;
    private final int loSlots;
    private long[] lo = new long[64];   // [capacity] ~packed low word; 0 = empty
    private long[] hi = new long[64];   // [capacity] packed high word
    private int size;

    /**
     * @param vocabSize ids are in [0, vocabSize)
     * @param length    n, the n-gram length (≥ 1)
     */
    public WindowSet(int vocabSize, int length) {
        if (length < 1) {
            throw new IllegalArgumentException("n-gram length must be >= 1, got " + length);
        }
        this.n = length;
        this.bitsPerId = Math.max(1, 32 - Integer.numberOfLeadingZeros(vocabSize - 1));
        this.loSlots = 63 / bitsPerId;
        if ((long) length * bitsPerId > 126) {
            throw new IllegalArgumentException(length + "-grams over a vocabulary of " + vocabSize + " do not fit 126 bits");
        }
    }

    public int length() {
        return n;
    }

    public int size() {
        return size;
    }

    /** Adds the n-gram {@code ids[from .. from + n)}; true if it was new. */
    public boolean add(int[] ids, int from) {
        long l = ~packLo(ids, from);
        long h = packHi(ids, from);
        if (size * 2 >= lo.length) {
            grow();
        }
        return insert(l, h);
    }

    /** Adds every n-gram of {@code ids}. */
    public void addAll(int[] ids) {
        for (int i = 0; i + n <= ids.length; i++) {
            add(ids, i);
        }
    }

    /** True if the n-gram {@code ids[from .. from + n)} is in the set. */
    public boolean contains(int[] ids, int from) {
        long l = ~packLo(ids, from);
        long h = packHi(ids, from);
        int mask = lo.length - 1;
        int i = slot(l, h, mask);
        while (true) {
            long k = lo[i];
            if (k == 0) {
                return false;
            }
            if (k == l && hi[i] == h) {
                return true;
            }
            i = (i + 1) & mask;
        }
    }

    private long packLo(int[] ids, int from) {
        long v = 0;
        for (int j = 0, e = Math.min(n, loSlots); j < e; j++) {
            v = (v << bitsPerId) | ids[from + j];
        }
        return v;
    }

    private long packHi(int[] ids, int from) {
        long v = 0;
        for (int j = loSlots; j < n; j++) {
            v = (v << bitsPerId) | ids[from + j];
        }
        return v;
    }

    private boolean insert(long l, long h) {
        int mask = lo.length - 1;
        int i = slot(l, h, mask);
        while (true) {
            long k = lo[i];
            if (k == 0) {
                lo[i] = l;
                hi[i] = h;
                size++;
                return true;
            }
            if (k == l && hi[i] == h) {
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    private void grow() {
        long[] oldLo = lo;
        long[] oldHi = hi;
        lo = new long[oldLo.length * 2];
        hi = new long[oldLo.length * 2];
        size = 0;
        for (int i = 0; i < oldLo.length; i++) {
            if (oldLo[i] != 0) {
                insert(oldLo[i], oldHi[i]);
            }
        }
    }

    private static int slot(long l, long h, int mask) {
        long z = l ^ (h * 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return (int) ((z ^ (z >>> 33)) & mask);
    }

    @Override
    public String toString() {
        return "WindowSet[n=" + n + ", size=" + size + "]";
    }
}
