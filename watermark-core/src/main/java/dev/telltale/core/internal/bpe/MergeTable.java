package dev.telltale.core.internal.bpe;

/**
 * The BPE merges as an open-addressing table (linear probing, load &le; 1/2) from the packed pair
 * {@code left << 32 | right} of token ids to the packed value {@code rank << 32 | merged id}. Immutable
 * after construction, so safe to share between threads.
 */
final class MergeTable {
    /** Returned by {@link #get} for a pair that does not merge. */
    static final long NONE = -1L;
    private static final long EMPTY = -1L;

    private final long[] keys;
    private final long[] values;
    private final int mask;
    private int size;

    MergeTable(int expected) {
        int cap = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1;
        keys = new long[cap];
        values = new long[cap];
        java.util.Arrays.fill(keys, EMPTY);
        mask = cap - 1;
    }

    private static int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29));
    }

    /**
     * Sets the merge of ({@code left}, {@code right}); a repeated pair keeps the last rank, as a Rust
     * {@code HashMap} collected from the merges list does.
     */
    void put(int left, int right, int rank, int merged) {
        if (size * 2 >= keys.length) {
            throw new IllegalStateException("merge table over capacity");
        }
        long key = ((long) left << 32) | (right & 0xFFFFFFFFL);
        int i = slot(key) & mask;
        while (keys[i] != EMPTY && keys[i] != key) {
            i = (i + 1) & mask;
        }
        if (keys[i] == EMPTY) {
            size++;
        }
        keys[i] = key;
        values[i] = ((long) rank << 32) | (merged & 0xFFFFFFFFL);
    }

    /** {@code rank << 32 | merged id} of the pair, or {@link #NONE}. */
    long get(int left, int right) {
        long key = ((long) left << 32) | (right & 0xFFFFFFFFL);
        int i = slot(key) & mask;
        while (true) {
            long k = keys[i];
            if (k == key) {
                return values[i];
            }
            if (k == EMPTY) {
                return NONE;
            }
            i = (i + 1) & mask;
        }
    }
}
