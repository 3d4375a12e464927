package dev.telltale.spark;

import dev.telltale.core.Tt1Prf;
import dev.telltale.detect.Detector;
import dev.telltale.detect.PairTape;
import dev.telltale.detect.SequenceScorer;
import dev.telltale.detect.TokenScorer;
import java.util.Arrays;

/**
 * What the pooled dataset test deduplicates, as keys Spark can shuffle: the identity {@code PooledDetector}'s
 * global dedup tape uses, encoded exactly (equal keys iff equal identities, no hashing), and the score of one
 * distinct key.
 *
 * <ul>
 *   <li>Schemes scored per (context window, token) tuple (kgw, unigram, gumbel): the h + 1 ids, window then
 *       token, {@code bits = ⌈log2 V⌉} bits each, packed into {@code lo} (the first {@code ⌊63 / bits⌋} ids) and
 *       {@code hi} (the rest, 0 when none). Qwen3 (V = 151,669, 18 bits) with h ≤ 2 needs {@code lo} only. The
 *       score of a tuple is the scheme's {@link TokenScorer#score} at the window's tt1 seed.</li>
 *   <li>Schemes scored per sequence that define pooled units ({@link SequenceScorer#supportsPooling}:
 *       kgw-selfhash, synthid, HF modes): the scheme's units (lo, hi) after its per-text masks, each scored by
 *       {@link SequenceScorer#unitScore}.</li>
 * </ul>
 * Whether a key is new depends on the ids and the key only, never on its score, so the pooled null stays exact.
 * Immutable and thread-safe; {@link #score} takes the caller's scratch.
 */
final class PoolKeys {
    private final TokenScorer scorer;
    private final Tt1Prf prf;
    private final int contextWidth; // h
    private final int vocab;        // V
    private final int bits;
    private final int loSlots;
    private final boolean twoLongs;
    private final String refusal;

    private PoolKeys(Detector d) {
        this.scorer = d.scorer();
        this.prf = d.key().prf();
        this.contextWidth = scorer.contextWidth();
        this.vocab = d.tokenizer().vocabSize();
        this.bits = Math.max(1, 32 - Integer.numberOfLeadingZeros(vocab - 1));
        this.loSlots = 63 / bits;
        if (scorer instanceof SequenceScorer s) {
            this.twoLongs = true;
            this.refusal = s.supportsPooling() ? null : "scheme '" + d.key().scheme().schemeId()
                    + "' scores whole sequences and defines no pooled units";
        } else {
            this.twoLongs = contextWidth + 1 > loSlots;
            this.refusal = contextWidth + 1 > 2 * loSlots ? "context width " + contextWidth + " with vocabulary " + vocab
                    + " does not fit a 126-bit tuple key" : null;
        }
    }

    /** The pooled keys of {@code d}'s scheme (see {@link #supported}). */
    static PoolKeys of(Detector d) {
        return new PoolKeys(d);
    }

    /** False when the scheme has no pooled test; {@link #refusal} then says why. */
    boolean supported() {
        return refusal == null;
    }

    /** Why there is no pooled test, or null. */
    String refusal() {
        return refusal;
    }

    /** True when keys need {@code hi}; otherwise every {@code hi} is 0 and {@link #keysOf} leaves it null. */
    boolean twoLongs() {
        return twoLongs;
    }

    /** The keys of a text's scored positions: {@code lo} and {@code hi} (null unless {@link #twoLongs}). */
    record Keys(long[] lo, long[] hi) {}

    /**
     * A task's filter of keys it has already emitted: the local dedup tape of {@code PooledDetector} (tuples, or
     * units for sequence-scored schemes), so that repeats within a task never reach the shuffle.
     */
    PairTape newSeen() {
        return scorer instanceof SequenceScorer ? PairTape.forUnits(SEEN_LIMIT) : new PairTape(vocab, contextWidth, SEEN_LIMIT);
    }

    /**
     * Distinct keys a task remembers ({@link #newSeen}): {@link #keysOf} forgets them all before a text that could
     * take the tape beyond, so its table never grows (16 MB, 32 MB with two-long keys).
     */
    static final int SEEN_LIMIT = 1 << 20;

    /**
     * The keys of the positions of {@code ids} that the pooled test scores, in text order, except those already in
     * {@code seen} (which learns them). A key dropped here was emitted earlier by the same task, so the global
     * distinct sees the same set of keys; {@code seen} may be {@link PairTape#clear cleared} at any time, and is
     * when it would hold more than {@link #SEEN_LIMIT} keys.
     *
     * @param ids token ids of the key's tokenizer, in [0, V)
     */
    Keys keysOf(int[] ids, PairTape seen) {
        if ((long) seen.size() + ids.length >= SEEN_LIMIT) {
            seen.clear();
        }
        if (scorer instanceof SequenceScorer s) {
            long[] units = new long[2 * ids.length]; // [T] (lo, hi) pairs
            int n = s.pooledUnits(ids, new int[ids.length], units);
            long[] lo = new long[n];
            long[] hi = new long[n];
            int o = 0;
            for (int i = 0; i < n; i++) {
                if (seen.addUnit(units[2 * i], units[2 * i + 1])) {
                    lo[o] = units[2 * i];
                    hi[o++] = units[2 * i + 1];
                }
            }
            return new Keys(Arrays.copyOf(lo, o), Arrays.copyOf(hi, o));
        }
        int n = Math.max(0, ids.length - contextWidth);
        long[] lo = new long[n];
        long[] hi = twoLongs ? new long[n] : null;
        int length = contextWidth + 1;
        int o = 0;
        for (int t = contextWidth; t < ids.length; t++) {
            if (!seen.add(ids, t + 1)) {
                continue;
            }
            long l = 0;
            long h = 0;
            for (int i = 0, id = t - contextWidth; i < length; i++, id++) {
                if (i < loSlots) {
                    l = (l << bits) | ids[id];
                } else {
                    h = (h << bits) | ids[id];
                }
            }
            lo[o] = l;
            if (hi != null) {
                hi[o] = h;
            }
            o++;
        }
        return new Keys(Arrays.copyOf(lo, o), hi == null ? null : Arrays.copyOf(hi, o));
    }

    /** Scratch for {@link #score}: one per thread. */
    int[] newScratch() {
        return new int[contextWidth + 1];
    }

    /** The score of every position whose key is (lo, hi); allocation-free. */
    double score(long lo, long hi, int[] scratch) {
        if (scorer instanceof SequenceScorer s) {
            return s.unitScore(lo, hi);
        }
        int length = contextWidth + 1;
        int inLo = Math.min(length, loSlots);
        long mask = (1L << bits) - 1;
        for (int i = inLo - 1; i >= 0; i--, lo >>>= bits) {
            scratch[i] = (int) (lo & mask);
        }
        for (int i = length - 1; i >= inLo; i--, hi >>>= bits) {
            scratch[i] = (int) (hi & mask);
        }
        return scorer.score(prf.seed(scratch, 0, contextWidth), scratch[contextWidth]);
    }

    /** What is deduplicated, for the summary (the scan's wording). */
    String dedup() {
        return scorer instanceof SequenceScorer s
                ? "each " + s.unitDefinition() + " scored once over the whole corpus, after the scheme's per-text masks"
                : "each (window, token) tuple scored once over the whole corpus";
    }
}
