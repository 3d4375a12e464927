package dev.telltale.core.internal.torch;

/**
 * The green-list function of transformers' {@code WatermarkLogitsProcessor} [2] on CPU, bit for bit.
 *
 * <pre>
 * greenlist_size = int(vocab_size * greenlist_ratio)
 * green(seed)    = randperm(vocab_size, manual_seed(seed % (2**64 - 1)))[:greenlist_size]
 * lefthash       seed = hashing_key * x[-1]                      (exact Python integers)
 * selfhash       T = randperm(1_000_003, manual_seed(hashing_key))
 *                w = the last context_width ids, the candidate included
 *                seed = min_i hashing_key * (T[w_i % 1_000_003] + 1) * (T[w[-1] % 1_000_003] + 1)
 *                                                               (int64, wrapping)
 * </pre>
 * lefthash ignores every id but the last, whatever the context width. Seeds returned here are already
 * reduced modulo 2^64 - 1 (unsigned 64-bit values); the generator keeps their low 32 bits.
 *
 * <p>Immutable and thread-safe; callers pass their own {@link Mt19937} scratch.
 */
public final class HfKgwPrf {
    /** Size of the selfhash table. */
    public static final int TABLE_SIZE = 1_000_003;
    /** Candidates the HF selfhash processor tests per step (the top ones by score). */
    public static final int SELFHASH_CANDIDATES = 40;

    private final boolean selfHash;
    private final long hashingKey;
    private final int vocabSize;
    private final int greenlistSize;
    private final int contextWidth;
    private final int[] table; // [1_000_003] selfhash only

    /**
     * @param selfHash     selfhash (true) or lefthash (false) seeding
     * @param hashingKey   HF {@code hashing_key}, &gt;= 0
     * @param vocabSize    HF {@code vocab_size} (the model config's), the permutation size
     * @param greenlistRatio HF {@code greenlist_ratio} in (0, 1)
     * @param contextWidth HF {@code context_width} &gt;= 1
     */
    public HfKgwPrf(boolean selfHash, long hashingKey, int vocabSize, double greenlistRatio, int contextWidth) {
        TorchRandom.checkRandpermSize(vocabSize);
        if (hashingKey < 0) {
            throw new IllegalArgumentException("hashing_key must be >= 0, got " + hashingKey);
        }
        this.selfHash = selfHash;
        this.hashingKey = hashingKey;
        this.vocabSize = vocabSize;
        this.greenlistSize = greenlistSize(vocabSize, greenlistRatio);
        this.contextWidth = contextWidth;
        this.table = selfHash ? TorchRandom.randperm(new Mt19937(hashingKey), TABLE_SIZE) : null;
    }

    /** {@code int(vocab_size * greenlist_ratio)} (the double product, truncated, as Python does). */
    public static int greenlistSize(int vocabSize, double greenlistRatio) {
        return (int) (vocabSize * greenlistRatio);
    }

    public int vocabSize() {
        return vocabSize;
    }

    public int greenlistSize() {
        return greenlistSize;
    }

    public boolean selfHash() {
        return selfHash;
    }

    /** The selfhash table entry {@code T[i]} (tests). */
    public int tableEntry(int i) {
        return table[i];
    }

    /** lefthash seed after the id {@code previous}. */
    public long leftHashSeed(int previous) {
        return PySeeds.productModMersenne64(hashingKey, Integer.toUnsignedLong(previous));
    }

    /** selfhash seed before reduction (int64, may be negative) of the window {@code ids[from..to)}, last = candidate. */
    public long selfHashRawSeed(int[] ids, int from, int to) {
        long b = table[ids[to - 1] % TABLE_SIZE] + 1L;
        long min = Long.MAX_VALUE;
        for (int i = from; i < to; i++) {
            long s = hashingKey * (table[ids[i] % TABLE_SIZE] + 1L) * b;
            min = Math.min(min, s);
        }
        return min;
    }

    /**
     * selfhash seed of a candidate after a context, the window being the last {@code context_width - 1}
     * context ids and the candidate (fewer if the context is shorter).
     */
    public long candidateSeed(int[] context, int length, int candidate) {
        long b = table[candidate % TABLE_SIZE] + 1L;
        long min = hashingKey * b * b;
        for (int i = Math.max(0, length - (contextWidth - 1)); i < length; i++) {
            long s = hashingKey * (table[context[i] % TABLE_SIZE] + 1L) * b;
            min = Math.min(min, s);
        }
        return PySeeds.modMersenne64(min);
    }

    /** selfhash seed of the window {@code ids[from..to)} (the last id is the scored token). */
    public long windowSeed(int[] ids, int from, int to) {
        return PySeeds.modMersenne64(selfHashRawSeed(ids, from, to));
    }

    /**
     * The first position HF's detector scores: lefthash scores n-grams of context_width + 1 ids (the token
     * at index context_width first), selfhash n-grams of context_width ids, the token included.
     */
    public int firstScoredPosition() {
        return selfHash ? contextWidth - 1 : contextWidth;
    }

    /** The seed that decides whether {@code ids[t]} is green ({@code t >= firstScoredPosition()}). */
    public long seedAt(int[] ids, int t) {
        return selfHash ? windowSeed(ids, t - contextWidth + 1, t + 1) : leftHashSeed(ids[t - 1]);
    }

    /** Whether {@code token} is in the green list of {@code seed}; {@code rng} is scratch. O(greenlist size). */
    public boolean isGreen(long seed, int token, Mt19937 rng) {
        rng.seed(seed);
        return TorchRandom.inRandpermPrefix(rng, vocabSize, greenlistSize, token);
    }

    /** Writes the green list of {@code seed} (in permutation order) to {@code out[0..greenlistSize)}. */
    public void greenlist(long seed, Mt19937 rng, RandpermPrefix scratch, int[] out) {
        rng.seed(seed);
        scratch.prefix(rng, greenlistSize, out);
    }
}
