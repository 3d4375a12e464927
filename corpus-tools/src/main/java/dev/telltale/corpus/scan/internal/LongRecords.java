package dev.telltale.corpus.scan.internal;

import java.util.Arrays;

/**
 * Sorting and dedup of fixed-width records of non-negative longs stored flat in a {@code long[]}: width 1 is
 * a plain long sort, width 2 sorts (first, second) pairs lexicographically in place.
 */
final class LongRecords {
    private LongRecords() {}

    /** Sorts the first {@code n} records of {@code a}. */
    static void sort(long[] a, int n, int width) {
        if (width == 1) {
            Arrays.sort(a, 0, n);
        } else {
            quickSortPairs(a, 0, n - 1);
        }
    }

    /** Removes adjacent duplicates from sorted records; returns the number kept. */
    static int unique(long[] a, int n, int width) {
        if (n == 0) {
            return 0;
        }
        int kept = 1;
        for (int i = 1; i < n; i++) {
            if (compare(a, i, a, kept - 1, width) != 0) {
                if (kept != i) {
                    System.arraycopy(a, i * width, a, kept * width, width);
                }
                kept++;
            }
        }
        return kept;
    }

    /** Compares record i of a with record j of b. */
    static int compare(long[] a, int i, long[] b, int j, int width) {
        int c = Long.compare(a[i * width], b[j * width]);
        return c != 0 || width == 1 ? c : Long.compare(a[i * width + 1], b[j * width + 1]);
    }

    private static void quickSortPairs(long[] a, int lo, int hi) {
        while (hi - lo > 16) {
            int mid = (lo + hi) >>> 1;
            long p0 = a[2 * mid];
            long p1 = a[2 * mid + 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (less(a[2 * i], a[2 * i + 1], p0, p1)) {
                    i++;
                }
                while (less(p0, p1, a[2 * j], a[2 * j + 1])) {
                    j--;
                }
                if (i <= j) {
                    swap(a, i++, j--);
                }
            }
            if (j - lo < hi - i) { // recurse into the smaller half: O(log n) stack
                quickSortPairs(a, lo, j);
                lo = i;
            } else {
                quickSortPairs(a, i, hi);
                hi = j;
            }
        }
        for (int i = lo + 1; i <= hi; i++) { // insertion sort for short ranges
            for (int k = i; k > lo && less(a[2 * k], a[2 * k + 1], a[2 * k - 2], a[2 * k - 1]); k--) {
                swap(a, k, k - 1);
            }
        }
    }

    private static boolean less(long a0, long a1, long b0, long b1) {
        return a0 < b0 || (a0 == b0 && a1 < b1);
    }

    private static void swap(long[] a, int i, int j) {
        long t0 = a[2 * i];
        long t1 = a[2 * i + 1];
        a[2 * i] = a[2 * j];
        a[2 * i + 1] = a[2 * j + 1];
        a[2 * j] = t0;
        a[2 * j + 1] = t1;
    }
}
