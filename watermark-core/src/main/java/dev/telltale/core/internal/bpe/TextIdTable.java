package dev.telltale.core.internal.bpe;

/**
 * Whole-piece lookup of vocabulary entries, for models with {@code ignore_merges}: the text (UTF-16) that
 * each entry's bytes spell, to its id. Entries whose bytes are not whole UTF-8 characters can never equal a
 * piece and are left out. Open addressing over one char pool; immutable after construction.
 */
final class TextIdTable {
    private final char[] pool;
    private final int[] starts; // [slot] offset in pool, -1 = empty
    private final int[] lengths;
    private final int[] ids;
    private final int mask;
    private int used;

    TextIdTable(int expected, int poolChars) {
        int cap = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1;
        starts = new int[cap];
        java.util.Arrays.fill(starts, -1);
        lengths = new int[cap];
        ids = new int[cap];
        pool = new char[poolChars];
        mask = cap - 1;
    }

    /** Hash of {@code s[from, to)}, shared with {@link WordCache}. */
    static int hash(String s, int from, int to) {
        int h = 0x811C9DC5;
        for (int i = from; i < to; i++) {
            h = (h ^ s.charAt(i)) * 0x01000193;
        }
        return h ^ (h >>> 15);
    }

    /** Adds {@code text -> id}; the first id for a text wins (texts are distinct in a valid vocabulary). */
    void put(String text, int id) {
        int i = hash(text, 0, text.length()) & mask;
        while (starts[i] >= 0) {
            if (equals(i, text, 0, text.length())) {
                return;
            }
            i = (i + 1) & mask;
        }
        text.getChars(0, text.length(), pool, used);
        starts[i] = used;
        lengths[i] = text.length();
        ids[i] = id;
        used += text.length();
    }

    /** The id of the entry spelling {@code s[from, to)} (whose hash is {@code hash}), or -1. */
    int get(String s, int from, int to, int hash) {
        int i = hash & mask;
        while (starts[i] >= 0) {
            if (equals(i, s, from, to)) {
                return ids[i];
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    private boolean equals(int slot, String s, int from, int to) {
        int len = to - from;
        if (lengths[slot] != len) {
            return false;
        }
        int p = starts[slot];
        for (int k = 0; k < len; k++) {
            if (pool[p + k] != s.charAt(from + k)) {
                return false;
            }
        }
        return true;
    }
}
