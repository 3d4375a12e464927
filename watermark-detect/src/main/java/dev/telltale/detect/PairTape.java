package dev.telltale.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The dedup "tape": remembers which (context window, token) tuples have been scored, exactly (no hashing
 * collisions). Tuples are packed into one 64-bit key, {@code bitsPerId} bits per id, so a window of h ids
 * plus the token needs (h + 1) · bitsPerId ≤ 63 bits (Qwen3: 18 bits/id, h ≤ 2; with 17 bits h ≤ 2 too).
 * Wider tuples fall back to the 128-bit key (two longs) path. Open addressing, linear probing, no per-add
 * allocation; {@link #clear()} reuses the table. With h = 0 (Unigram: the token alone) the tape is a
 * bitset over the vocabulary.
 *
 * <p>A <em>unit</em> tape ({@link #forUnits}) holds keys given directly as two longs (the first ≥ 0) instead
 * of packed ids: the PRF inputs of schemes whose score is not a function of the text tuple
 * ({@link SequenceScorer#pooledUnits}: pooled tests of kgw-selfhash, synthid and the HuggingFace modes).
 * Exact as well: equal keys, equal units.
 *
 * <p>Layout: slots hold the complement {@code ~key} of a packed key (packed keys are non-negative, so a
 * stored value is never 0) and 0 marks an empty slot: a new table needs no fill pass. Sizing the table
 * for the text ({@link #PairTape(int, int, int)}) avoids rehashing while it grows, which was most of the
 * cost of scoring a long text.
 *
 * <p>[1] Fernandez et al. Three Bricks to Consolidate Watermarks for LLMs. WIFS 2023, §IV-B (tape, v2).
 */
public final class PairTape {
    private static final int UNIT_MARKER = 64; // bitsPerId of a unit tape: no id is 64 bits wide
    private final int bitsPerId;
    private final int tupleLength;
    private final boolean wide;
    private final long[] seen;  // [ceil(V / 64)] bitset of tokens, h = 0 only
    private long[] keys;        // [capacity] ~packed low words; 0 = empty
    private long[] keysHigh;    // [capacity] packed high words (wide tuples only)
    private int size;

    /**
     * @param vocabSize    ids are in [0, vocabSize)
     * @param contextWidth h
     */
    public PairTape(int vocabSize, int contextWidth) {
        this(vocabSize, contextWidth, 32);
    }

    /**
     * @param expectedTuples how many tuples will probably be added (e.g. the text's length): the table starts
     *                       large enough to hold them without growing
     */
    public PairTape(int vocabSize, int contextWidth, int expectedTuples) {
        this.bitsPerId = Math.max(1, 32 - Integer.numberOfLeadingZeros(vocabSize - 1));
        this.tupleLength = contextWidth + 1;
        this.wide = (long) tupleLength * bitsPerId > 63;
        if (wide && (long) tupleLength * bitsPerId > 126) {
            throw new IllegalArgumentException("context width " + contextWidth + " with vocabulary " + vocabSize
                    + " does not fit the 126-bit dedup key");
        }
        if (contextWidth == 0) {
            this.seen = new long[(vocabSize + 63) >>> 6];
            return;
        }
        this.seen = null;
        int capacity = Integer.highestOneBit(Math.max(32, Math.min(expectedTuples, 1 << 28)) * 2 - 1) * 2; // load ≤ ½
        this.keys = new long[capacity];
        this.keysHigh = wide ? new long[capacity] : null;
    }

    private PairTape(int expectedUnits) {
        this.bitsPerId = UNIT_MARKER;
        this.tupleLength = 2;
        this.wide = true;
        this.seen = null;
        int capacity = Integer.highestOneBit(Math.max(32, Math.min(expectedUnits, 1 << 28)) * 2 - 1) * 2; // load ≤ ½
        this.keys = new long[capacity];
        this.keysHigh = new long[capacity];
    }

    /**
     * A tape of units: keys given as two longs (lo ≥ 0, hi) by {@link #addUnit}, for the pooled tests of
     * {@link SequenceScorer}s. Its {@link #writeTo} state is refused by tuple tapes and vice versa.
     *
     * @param expectedUnits how many units will probably be added (the table grows beyond)
     */
    public static PairTape forUnits(int expectedUnits) {
        return new PairTape(expectedUnits);
    }

    /** True for a tape made by {@link #forUnits}. */
    public boolean holdsUnits() {
        return bitsPerId == UNIT_MARKER;
    }

    /**
     * Adds the unit (lo, hi) of a {@link #forUnits} tape and returns true if it was new.
     *
     * @param lo must be ≥ 0 (units are encoded so; see {@link SequenceScorer#pooledUnits})
     */
    public boolean addUnit(long lo, long hi) {
        if (bitsPerId != UNIT_MARKER) {
            throw new IllegalStateException("addUnit on a tape of id tuples; use add");
        }
        if (lo < 0) {
            throw new IllegalArgumentException("unit keys have a non-negative low word, got " + lo);
        }
        if (size * 2 >= keys.length) {
            grow();
        }
        return insert(~lo, hi);
    }

    /**
     * Adds the tuple {@code ids[end - h - 1 .. end)} (window then token) and returns true if it was new.
     * Ids must be in [0, vocabSize).
     */
    public boolean add(int[] ids, int end) {
        if (bitsPerId == UNIT_MARKER) {
            throw new IllegalStateException("add(ids, end) on a tape of units; use addUnit");
        }
        if (seen != null) {
            int id = ids[end - 1];
            long bit = 1L << id;
            long word = seen[id >>> 6];
            seen[id >>> 6] = word | bit;
            if ((word & bit) != 0) {
                return false;
            }
            size++;
            return true;
        }
        int start = end - tupleLength;
        if (!wide) { // the common case (Qwen3 with h ≤ 2): one word, no high-word compares
            long key = 0;
            for (int i = start; i < end; i++) {
                key = (key << bitsPerId) | ids[i];
            }
            if (size * 2 >= keys.length) {
                grow();
            }
            return insertNarrow(~key);
        }
        long lo = 0;
        long hi = 0;
        int split = start + Math.min(tupleLength, 63 / bitsPerId); // the first ids fill the low word
        for (int i = start; i < split; i++) {
            lo = (lo << bitsPerId) | ids[i];
        }
        for (int i = split; i < end; i++) {
            hi = (hi << bitsPerId) | ids[i];
        }
        if (size * 2 >= keys.length) {
            grow();
        }
        return insert(~lo, hi);
    }

    /** {@link #insert} for a tape of one-word keys. */
    private boolean insertNarrow(long stored) {
        long[] k = keys;
        int mask = k.length - 1;
        int i = (int) (mixHash(stored) & mask);
        long slot;
        while ((slot = k[i]) != 0) {
            if (slot == stored) {
                return false;
            }
            i = (i + 1) & mask;
        }
        k[i] = stored;
        size++;
        return true;
    }

    /** Inserts a stored (complemented) low word and its high word; true if it was absent. */
    private boolean insert(long stored, long hi) {
        int mask = keys.length - 1;
        int i = (int) (mixHash(stored ^ (hi * 0x9E3779B97F4A7C15L)) & mask);
        while (true) {
            long k = keys[i];
            if (k == 0) {
                keys[i] = stored;
                if (wide) {
                    keysHigh[i] = hi;
                }
                size++;
                return true;
            }
            if (k == stored && (!wide || keysHigh[i] == hi)) {
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldHigh = keysHigh;
        keys = new long[oldKeys.length * 2];
        keysHigh = wide ? new long[keys.length] : null;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                insert(oldKeys[i], wide ? oldHigh[i] : 0);
            }
        }
    }

    /**
     * True if this tape, once cleared, is what {@code new PairTape(vocabSize, contextWidth, expectedTuples)}
     * would give up to capacity: the same key layout, room for the tuples without growing, and not so large
     * that clearing it costs much more than allocating the right size (at most 8x).
     */
    boolean suits(int vocabSize, int contextWidth, int expectedTuples) {
        if (bitsPerId != Math.max(1, 32 - Integer.numberOfLeadingZeros(vocabSize - 1)) || tupleLength != contextWidth + 1
                || holdsUnits()) {
            return false;
        }
        if (seen != null) {
            return seen.length == (vocabSize + 63) >>> 6;
        }
        long needed = 2L * Math.max(32, expectedTuples);
        return keys.length >= needed && keys.length <= 8 * needed;
    }

    /** True if the (window, token) tuples of width h over this vocabulary need the two-word key. */
    static boolean isWide(int vocabSize, int contextWidth) {
        return (long) (contextWidth + 1) * Math.max(1, 32 - Integer.numberOfLeadingZeros(vocabSize - 1)) > 63;
    }

    /** Number of distinct tuples seen. */
    public int size() {
        return size;
    }

    /** Forgets every tuple, keeping the table's capacity. */
    public void clear() {
        Arrays.fill(seen != null ? seen : keys, 0L);
        size = 0;
    }

    /** Writes the tape's exact state (for resumable pooled tests); {@link #readFrom} restores it. */
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(bitsPerId);
        out.writeInt(tupleLength);
        out.writeInt(size);
        long[] table = seen != null ? seen : keys;
        out.writeInt(table.length);
        for (int i = 0; i < table.length; i++) {
            out.writeLong(table[i]);
            if (wide) {
                out.writeLong(keysHigh[i]);
            }
        }
    }

    /**
     * Replaces this tape's state with one {@link #writeTo} wrote for a tape of the same vocabulary and width.
     *
     * @throws IOException if the state is truncated or was written for another vocabulary or width
     */
    public void readFrom(DataInput in) throws IOException {
        int bits = in.readInt();
        int length = in.readInt();
        if (bits != bitsPerId || length != tupleLength) {
            throw new IOException("dedup tape was written for " + describe(bits, length) + ", not "
                    + describe(bitsPerId, tupleLength));
        }
        int n = in.readInt();
        int capacity = in.readInt();
        if (n < 0 || capacity < 0 || (seen != null ? capacity != seen.length : Integer.bitCount(capacity) != 1)) {
            throw new IOException("corrupt dedup tape (size " + n + ", capacity " + capacity + ")");
        }
        long[] table = seen != null ? seen : new long[capacity];
        long[] high = seen == null && wide ? new long[capacity] : null;
        for (int i = 0; i < capacity; i++) {
            table[i] = in.readLong();
            if (high != null) {
                high[i] = in.readLong();
            }
        }
        if (seen == null) {
            keys = table;
            keysHigh = high;
        }
        size = n;
    }

    private static String describe(int bits, int length) {
        return bits == UNIT_MARKER ? "two-long units" : bits + "-bit ids and tuples of " + length;
    }

    private static long mixHash(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
