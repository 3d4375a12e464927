package dev.telltale.core.internal;

/** Searches in short arrays, on SIMD lanes when the JVM runs with {@code --add-modules jdk.incubator.vector}. */
public final class Shorts {
    private Shorts() {}

    /**
     * The first index i in [from, to) with {@code (a[i] & mask) == value}, or {@code to} if there is none.
     * Allocation-free.
     */
    public static int indexOf(short[] a, int from, int to, int mask, int value) {
        int i = Simd.AVAILABLE ? VectorShorts.indexOf(a, from, to, (short) mask, (short) value) : from;
        return scan(a, i, to, mask, value);
    }

    /** The scalar reference of {@link #indexOf}. */
    static int scan(short[] a, int from, int to, int mask, int value) {
        for (int i = from; i < to; i++) {
            if ((a[i] & mask) == value) {
                return i;
            }
        }
        return to;
    }
}
