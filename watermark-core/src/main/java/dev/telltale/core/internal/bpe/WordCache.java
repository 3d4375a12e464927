package dev.telltale.core.internal.bpe;

/**
 * A bounded, lock-free cache of piece text -> token ids: direct-mapped, one entry per slot, a newer word
 * evicts the older one with the same slot. Entries are immutable (final fields), so a racy read sees either
 * null, an older entry or a complete newer one; a miss only costs a recomputation.
 */
final class WordCache {
    private static final class Entry {
        final char[] text;
        final int[] ids;

        Entry(char[] text, int[] ids) {
            this.text = text;
            this.ids = ids;
        }
    }

    /** Pieces longer than this (chars) are not cached: they rarely repeat and would pin memory. */
    static final int MAX_CACHED_CHARS = 128;

    private final Entry[] slots;
    private final int mask;

    /** A cache of {@code capacity} slots (rounded up to a power of two). */
    WordCache(int capacity) {
        int cap = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1);
        slots = new Entry[cap];
        mask = cap - 1;
    }

    /** The ids of {@code s[from, to)} (hash {@code hash}), or null. */
    int[] get(String s, int from, int to, int hash) {
        Entry e = slots[hash & mask];
        if (e == null) {
            return null;
        }
        char[] t = e.text;
        int len = to - from;
        if (t.length != len) {
            return null;
        }
        for (int k = 0; k < len; k++) {
            if (t[k] != s.charAt(from + k)) {
                return null;
            }
        }
        return e.ids;
    }

    void put(String s, int from, int to, int hash, int[] ids) {
        if (to - from <= MAX_CACHED_CHARS) {
            char[] t = new char[to - from];
            s.getChars(from, to, t, 0);
            slots[hash & mask] = new Entry(t, ids);
        }
    }
}
