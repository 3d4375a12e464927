package dev.telltale.core.internal.torch;

import java.util.List;

/**
 * The g-values of transformers' {@code SynthIDTextWatermarkLogitsProcessor} [2, 3] on CPU, bit for bit.
 *
 * <pre>
 * acc(h, data)  for d in data: h = (h + d) * 6364136223846793005 + 1          (int64, wrapping)
 * table         randint(0, 2, (sampling_table_size,), manual_seed(sampling_table_seed))
 * context hash  c = acc(1, ctx)                 ctx = the ngram_len - 1 ids before the token
 * token hash    t = acc(c, [token])
 * g_l           table[floorMod(acc(t, [keys[l]]), sampling_table_size)]
 * </pre>
 * With a power-of-two table (the default 2^16) the index depends on t modulo the table size only, since
 * (t + k) * M + 1 (mod 2^b) depends on t (mod 2^b) only; {@link #dedupKey} is then that residue, and the
 * g-values of all layers are precomputed per residue as one bit pattern (bit l = g_l).
 *
 * <p>Immutable and thread-safe.
 */
public final class SynthIdG {
    public static final long MULTIPLIER = 6364136223846793005L;
    /** Tables up to this size get a precomputed pattern per residue. */
    private static final int MAX_PRECOMPUTED = 1 << 20;

    private final long[] keys;
    private final byte[] table;     // [sampling_table_size] 0/1
    private final int tableSize;
    private final boolean powerOfTwo;
    private final long[] patterns;  // [tableSize] bit l = g_l for a token hash with this residue; null if not precomputed

    public SynthIdG(List<Long> keys, long samplingTableSeed, int samplingTableSize) {
        if (keys.isEmpty() || keys.size() > 64) {
            throw new IllegalArgumentException("SynthID needs 1 to 64 keys, got " + keys.size());
        }
        this.keys = keys.stream().mapToLong(Long::longValue).toArray();
        this.table = samplingTable(samplingTableSeed, samplingTableSize);
        this.tableSize = samplingTableSize;
        this.powerOfTwo = Integer.bitCount(samplingTableSize) == 1;
        if (powerOfTwo && samplingTableSize <= MAX_PRECOMPUTED) {
            patterns = new long[samplingTableSize];
            for (int r = 0; r < samplingTableSize; r++) {
                patterns[r] = computePattern(r);
            }
        } else {
            patterns = null;
        }
    }

    /** {@code acc(h, [d])}. */
    public static long accumulate(long h, long d) {
        return (h + d) * MULTIPLIER + 1;
    }

    /** {@code acc(h, ids[from..to))}. */
    public static long accumulate(long h, int[] ids, int from, int to) {
        for (int i = from; i < to; i++) {
            h = (h + ids[i]) * MULTIPLIER + 1;
        }
        return h;
    }

    /** {@code randint(0, 2, (size,))} after {@code manual_seed(seed)}. */
    public static byte[] samplingTable(long seed, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("sampling table size must be >= 1, got " + size);
        }
        Mt19937 g = new Mt19937(seed);
        byte[] t = new byte[size];
        for (int i = 0; i < size; i++) {
            t[i] = (byte) (g.next() & 1);
        }
        return t;
    }

    public int depth() {
        return keys.length;
    }

    /** The sampling table entry (tests). */
    public int tableEntry(int i) {
        return table[i];
    }

    /** The context hash {@code acc(1, ids[from..to))}. */
    public static long contextHash(int[] ids, int from, int to) {
        return accumulate(1L, ids, from, to);
    }

    /** The key of layer l for a token hash: {@code acc(t, [keys[l]])}. */
    public long layerKey(long tokenHash, int layer) {
        return accumulate(tokenHash, keys[layer]);
    }

    /** g-values of every layer for a token hash {@code acc(c, [token])}: bit l = g_l. */
    public long pattern(long tokenHash) {
        return patterns != null ? patterns[(int) (tokenHash & (tableSize - 1))] : computePattern(tokenHash);
    }

    /**
     * Number of residues with a precomputed pattern (the table size), or 0 when patterns are computed per
     * call (non-power-of-two or very large tables). Tokens with equal residues have equal g-values.
     */
    public int residueCount() {
        return patterns == null ? 0 : tableSize;
    }

    /** The residue of a token hash (valid when {@link #residueCount()} &gt; 0). */
    public int residue(long tokenHash) {
        return (int) (tokenHash & (tableSize - 1));
    }

    /** The g-value pattern of a residue (valid when {@link #residueCount()} &gt; 0). */
    public long patternOfResidue(int residue) {
        return patterns[residue];
    }

    /** Everything the g-values of a token hash depend on: positions with equal keys have equal g-values. */
    public long dedupKey(long tokenHash) {
        return powerOfTwo ? tokenHash & (tableSize - 1) : tokenHash;
    }

    private long computePattern(long tokenHash) {
        long p = 0;
        for (int l = 0; l < keys.length; l++) {
            if (table[(int) Math.floorMod(accumulate(tokenHash, keys[l]), (long) tableSize)] != 0) {
                p |= 1L << l;
            }
        }
        return p;
    }
}
