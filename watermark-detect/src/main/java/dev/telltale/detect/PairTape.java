package dev.telltale.detect;

import java.util.Arrays;

/**
 * The dedup "tape": remembers which (context window, token) tuples have been scored, exactly (no hashing
 * collisions). Tuples are packed into one 64-bit key, {@code bitsPerId} bits per id, so a window of h ids
 * plus the token needs (h + 1) · bitsPerId ≤ 63 bits (Qwen3: 18 bits/id, h ≤ 2; with 17 bits h ≤ 2 too).
 * Wider tuples fall back to the 128-bit key (two longs) path. Open addressing, linear probing, no per-add
 * allocation; {@link #clear()} reuses the table.
 *
 * <p>[1] Fernandez et al. Three Bricks to Consolidate Watermarks for LLMs. WIFS 2023, §IV-B (tape, v2).
 */
public final class PairTape {
    private static final long EMPTY = Long.MIN_VALUE; // never a packed key: packed keys are non-negative
    private final int bitsPerId;
    private final int tupleLength;
    private final boolean wide;
    private long[] keys;       // [capacity] packed low words
    private long[] keysHigh;   // [capacity] packed high words (wide tuples only)
    private int size;

    /**
     * @param vocabSize   ids are in [0, vocabSize)
     * @param contextWidth h
     */
    public PairTape(int vocabSize, int contextWidth) {
        this.bitsPerId = Math.max(1, 32 - Integer.numberOfLeadingZeros(vocabSize - 1));
        this.tupleLength = contextWidth + 1;
        this.wide = (long) tupleLength * bitsPerId > 63;
        if (wide && (long) tupleLength * bitsPerId > 126) {
            throw new IllegalArgumentException("context width " + contextWidth + " with vocabulary " + vocabSize
                    + " does not fit the 126-bit dedup key");
        }
        this.keys = new long[64];
        Arrays.fill(keys, EMPTY);
        this.keysHigh = wide ? new long[64] : null;
    }

    /**
     * Adds the tuple {@code ids[end - h - 1 .. end)} (window then token) and returns true if it was new.
     */
    public boolean add(int[] ids, int end) {
        long lo = 0;
        long hi = 0;
        int loSlots = 63 / bitsPerId;
        int start = end - tupleLength;
        for (int i = 0; i < tupleLength; i++) {
            long id = ids[start + i];
            if (i < loSlots) {
                lo = (lo << bitsPerId) | id;
            } else {
                hi = (hi << bitsPerId) | id;
            }
        }
        if (size * 2 >= keys.length) {
            grow();
        }
        return insert(lo, hi);
    }

    private boolean insert(long lo, long hi) {
        int mask = keys.length - 1;
        int i = (int) (mixHash(lo ^ (hi * 0x9E3779B97F4A7C15L)) & mask);
        while (true) {
            long k = keys[i];
            if (k == EMPTY) {
                keys[i] = lo;
                if (wide) {
                    keysHigh[i] = hi;
                }
                size++;
                return true;
            }
            if (k == lo && (!wide || keysHigh[i] == hi)) {
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldHigh = keysHigh;
        keys = new long[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        keysHigh = wide ? new long[keys.length] : null;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                insert(oldKeys[i], wide ? oldHigh[i] : 0);
            }
        }
    }

    /** Number of distinct tuples seen. */
    public int size() {
        return size;
    }

    /** Forgets every tuple, keeping the table's capacity. */
    public void clear() {
        Arrays.fill(keys, EMPTY);
        size = 0;
    }

    private static long mixHash(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
