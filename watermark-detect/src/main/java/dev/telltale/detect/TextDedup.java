package dev.telltale.detect;

import java.util.Arrays;

/**
 * Which positions of one text start a (window, token) tuple not seen earlier in it, for tuples too wide for
 * {@link PairTape}'s one-word key (h = 4 with Qwen3). A slot holds the top 40 bits of a fingerprint of the
 * position's window seed and token (the seed XOR the token's odd multiple), and the position (low 24 bits) where that tuple first occurred; a
 * fingerprint match is confirmed by comparing the h + 1 ids themselves, so the answer is exact, the same as
 * {@link PairTape#add}'s. One word per slot instead of two, and no packing of ids: about half the cost of
 * the two-word tape per position. Open addressing, load ≤ ½; one instance per thread, reused via
 * {@link #reset}.
 */
final class TextDedup {
    /** Positions must fit the slot's 24 bits. */
    static final int MAX_LENGTH = 1 << 24;
    private static final long POSITION = (1L << 24) - 1;
    private long[] slots = new long[0];

    /** Empties the table and sizes it for {@code positions} tuples (allocating only when it must grow much). */
    void reset(int positions) {
        int capacity = Integer.highestOneBit(Math.max(32, positions) * 2 - 1) * 2;
        if (slots.length < capacity || slots.length > 8 * capacity) {
            slots = new long[capacity];
        } else {
            Arrays.fill(slots, 0L);
        }
    }

    /**
     * Records the tuple {@code ids[t − h .. t]} whose window seed is {@code seed}; true if it had not occurred
     * at an earlier position of this text. Positions are added in increasing order, {@code 1 ≤ h ≤ t}.
     */
    boolean add(int[] ids, int t, int h, long seed) {
        // the window seed is a keyed SipHash output, uniform over 64 bits: XOR-ing in the token's odd multiple
        // keeps every bit uniform, so no further mixing is needed for the slot index (low bits) or the tag
        long f = seed ^ (ids[t] * 0x9E3779B97F4A7C15L);
        long tag = f & ~POSITION;
        int mask = slots.length - 1;
        int i = (int) f & mask;
        long e;
        while ((e = slots[i]) != 0) {
            if ((e & ~POSITION) == tag && sameTuple(ids, (int) (e & POSITION), t, h)) {
                return false;
            }
            i = (i + 1) & mask;
        }
        slots[i] = tag | t; // t ≥ h ≥ 1, so a used slot is never 0
        return true;
    }

    private static boolean sameTuple(int[] ids, int p, int t, int h) {
        for (int j = 0; j <= h; j++) {
            if (ids[p - j] != ids[t - j]) {
                return false;
            }
        }
        return true;
    }
}
