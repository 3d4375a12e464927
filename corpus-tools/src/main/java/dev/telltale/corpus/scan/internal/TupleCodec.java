package dev.telltale.corpus.scan.internal;

/**
 * Packs the (context window, token) tuples of a text into fixed-width keys for corpus-wide dedup: the h + 1
 * ids, oldest first, {@code bits} bits each, in one long when (h + 1)·bits ≤ 63, else in two (the first
 * {@code 63 / bits} ids in the first long, the rest in the second). Keys are non-negative and equal iff the
 * tuples are equal, so sorting and comparing keys is exact dedup.
 */
final class TupleCodec {
    final int contextWidth;
    final int width;
    private final int bits;
    private final int length;
    private final int loSlots;
    private final long mask;

    TupleCodec(int vocabSize, int contextWidth) {
        this.contextWidth = contextWidth;
        this.bits = Math.max(1, 32 - Integer.numberOfLeadingZeros(vocabSize - 1));
        this.length = contextWidth + 1;
        this.loSlots = 63 / bits;
        this.width = length <= loSlots ? 1 : 2;
        this.mask = (1L << bits) - 1;
        if (length > 2 * loSlots) {
            throw new IllegalArgumentException("context width " + contextWidth + " with vocabulary " + vocabSize
                    + " does not fit a 126-bit tuple key");
        }
    }

    /**
     * Keys of every tuple ending at positions h..n-1 of {@code ids}, in text order ({@code width} longs each).
     *
     * @return the keys, length (n − h)·width (empty when n ≤ h)
     */
    long[] encodeAll(int[] ids) {
        int n = Math.max(0, ids.length - contextWidth);
        long[] out = new long[n * width];
        for (int t = contextWidth, o = 0; t < ids.length; t++, o += width) {
            long lo = 0;
            long hi = 0;
            int start = t - contextWidth;
            for (int i = 0; i < length; i++) {
                long id = ids[start + i];
                if (i < loSlots) {
                    lo = (lo << bits) | id;
                } else {
                    hi = (hi << bits) | id;
                }
            }
            out[o] = lo;
            if (width == 2) {
                out[o + 1] = hi;
            }
        }
        return out;
    }

    /** Unpacks one key into {@code tuple[0..h]} (window then token). */
    void decode(long lo, long hi, int[] tuple) {
        int inLo = Math.min(length, loSlots);
        for (int i = inLo - 1; i >= 0; i--) {
            tuple[i] = (int) (lo & mask);
            lo >>>= bits;
        }
        for (int i = length - 1; i >= inLo; i--) {
            tuple[i] = (int) (hi & mask);
            hi >>>= bits;
        }
    }

    /** h + 1. */
    int tupleLength() {
        return length;
    }
}
