package dev.telltale.core.internal.torch;

import java.util.Arrays;

/**
 * A small open-addressing map from long keys to int counts (linear probing, keys never removed; a count
 * of 0 means absent). Used for rolling context histories and dedup tapes. Not thread-safe.
 */
public final class LongIntMap {
    private long[] keys;
    private int[] counts;
    private boolean[] used;
    private int size;

    public LongIntMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[cap];
        counts = new int[cap];
        used = new boolean[cap];
    }

    /** The count of {@code key} (0 when absent). */
    public int get(long key) {
        int i = find(key);
        return used[i] ? counts[i] : 0;
    }

    /** Adds {@code delta} to the count of {@code key} and returns the new count. */
    public int add(long key, int delta) {
        int i = find(key);
        if (!used[i]) {
            used[i] = true;
            keys[i] = key;
            size++;
            counts[i] = delta;
            if (size * 2 > keys.length) {
                grow();
            }
            return delta;
        }
        return counts[i] += delta;
    }

    /** Forgets every key, keeping the capacity. */
    public void clear() {
        Arrays.fill(used, false);
        size = 0;
    }

    private int find(long key) {
        int mask = keys.length - 1;
        int i = (int) (mix(key) & mask);
        while (used[i] && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        long[] k = keys;
        int[] c = counts;
        boolean[] u = used;
        keys = new long[k.length * 2];
        counts = new int[k.length * 2];
        used = new boolean[k.length * 2];
        for (int i = 0; i < k.length; i++) {
            if (u[i]) {
                int j = find(k[i]);
                used[j] = true;
                keys[j] = k[i];
                counts[j] = c[i];
            }
        }
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
