package dev.telltale.detect;

import dev.telltale.core.TextNormalizer;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.Tt1Prf;
import dev.telltale.core.WatermarkKey;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Detects one key's watermark in text: normalise (NFC by default, see {@link TextNormalizer}), tokenise
 * with the key's tokenizer, score every position that has a full context window, once per distinct
 * (window, token) tuple, and turn the score into an exact p-value (DESIGN.md §6).
 *
 * <p>Thread-safe: each call uses its own dedup tape.
 */
public final class Detector {
    /** Below this many scored tokens the verdict is {@link Verdict#TOO_SHORT}. */
    public static final int MIN_SCORED_TOKENS = 16;
    /** Default significance level. */
    public static final double DEFAULT_ALPHA = 1e-6;
    private static final Map<String, ScorerProvider> PROVIDERS = new TreeMap<>();

    static {
        for (ScorerProvider p : ServiceLoader.load(ScorerProvider.class, Detector.class.getClassLoader())) {
            PROVIDERS.put(p.schemeId(), p);
        }
    }

    private final WatermarkKey key;
    private final TextTokenizer tokenizer;
    private final TokenScorer scorer;
    private final Tt1Prf prf;
    private final double alpha;
    private final TextNormalizer normalizer;

    /**
     * A detector with the default normalisation ({@link TextNormalizer#DEFAULT}: NFC).
     *
     * @param tokenizer must be the key's tokenizer (checked by SHA-256)
     * @param alpha     significance level in (0, 1)
     */
    public Detector(WatermarkKey key, TextTokenizer tokenizer, double alpha) {
        this(key, tokenizer, alpha, TextNormalizer.DEFAULT);
    }

    /**
     * @param tokenizer  must be the key's tokenizer (checked by SHA-256)
     * @param alpha      significance level in (0, 1)
     * @param normalizer applied to every text before tokenising; its steps are in every result
     */
    public Detector(WatermarkKey key, TextTokenizer tokenizer, double alpha, TextNormalizer normalizer) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
        if (!tokenizer.sha256().equals(key.tokenizer().sha256())) {
            throw new IllegalArgumentException("tokenizer " + tokenizer.id() + " (sha256 " + tokenizer.sha256()
                    + ") is not the tokenizer of key " + key.keyId() + " (" + key.tokenizer().id() + ", sha256 "
                    + key.tokenizer().sha256() + ")");
        }
        ScorerProvider p = PROVIDERS.get(key.scheme().schemeId());
        if (p == null) {
            throw new IllegalArgumentException("no detector for scheme '" + key.scheme().schemeId()
                    + "'; available: " + PROVIDERS.keySet());
        }
        this.key = key;
        this.tokenizer = tokenizer;
        this.scorer = p.create(key);
        this.prf = key.prf();
        this.alpha = alpha;
        this.normalizer = java.util.Objects.requireNonNull(normalizer, "normalizer");
    }

    /** Normalises, tokenises and detects. */
    public Detection detect(String text) {
        return detectIds(tokenize(text));
    }

    /** The ids detection scores for {@code text}: the normaliser's steps, then the key's tokenizer. */
    public int[] tokenize(String text) {
        return tokenizer.encode(normalizer.apply(text));
    }

    /** Detects on token ids (already tokenised with the key's tokenizer). */
    public Detection detectIds(int[] ids) {
        if (scorer instanceof SequenceScorer s) { // the scheme walks the ids: own PRF, masks and dedup
            maxId(ids);
            double[] scores = new double[ids.length];
            int n = s.scoreSequence(ids, new int[ids.length], scores);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += scores[i];
            }
            return result(ids.length, n, sum);
        }
        Tally tally = new Tally();
        int vocab = Math.max(tokenizer.vocabSize(), maxId(ids) + 1);
        int h = scorer.contextWidth();
        if (PairTape.isWide(vocab, h) && ids.length < TextDedup.MAX_LENGTH) {
            accumulateText(ids, tally);
        } else {
            accumulate(ids, SCRATCH.get().tape(vocab, h, ids.length), tally);
        }
        return result(tally.tokensTotal, tally.tokensScored, tally.score);
    }

    /** Running counts of a detection; pooled tests share one across many texts. */
    static final class Tally {
        long tokensTotal;
        long tokensScored;
        double score;
    }

    /**
     * A dedup tape for a pool of texts: of (window, token) tuples for schemes scored per tuple, of units
     * ({@link SequenceScorer#pooledUnits}) for sequence-scored schemes.
     */
    PairTape newTape(int vocabSize) {
        return scorer instanceof SequenceScorer ? PairTape.forUnits(1 << 16)
                : new PairTape(vocabSize, scorer.contextWidth());
    }

    /**
     * Scores {@code ids} into {@code tally}, each (window, token) tuple once per {@code tape}: a fresh tape
     * per text for text detection, one tape for a whole corpus in pooled tests. For a tape of units (sequence
     * scorers, see {@link #newTape(int)}) each unit once instead, after the scheme's per-text masks. Callers
     * have checked the ids ({@link #maxId}): non-negative and within the tape's vocabulary.
     */
    void accumulate(int[] ids, PairTape tape, Tally tally) {
        if (tape.holdsUnits()) {
            accumulateUnits(ids, tape, tally);
            return;
        }
        // Two passes per chunk: the dedup pass only probes the tape (its cache misses overlap), then the
        // seeds of the new positions are computed in one batch (SIMD lanes when available) and scored.
        int h = scorer.contextWidth();
        tally.tokensTotal += ids.length;
        Scratch s = SCRATCH.get();
        int[] ends = s.ends;      // [CHUNK] positions t whose tuple is new
        long[] seeds = s.seeds;   // [CHUNK] their window seeds
        long[] scratch = s.sip;
        int n = 0;
        for (int t = h; t < ids.length; t++) {
            if (tape.add(ids, t + 1)) { // else a repeated (window, token): scored once
                ends[n++] = t;
                if (n == CHUNK) {
                    prf.seeds(ids, ends, n, h, seeds, scratch);
                    tally.score += scorer.scoreBatch(seeds, ids, ends, n);
                    tally.tokensScored += n;
                    n = 0;
                }
            }
        }
        prf.seeds(ids, ends, n, h, seeds, scratch);
        tally.score += scorer.scoreBatch(seeds, ids, ends, n);
        tally.tokensScored += n;
    }

    private static final int CHUNK = 1024;

    /**
     * Per-thread buffers of {@link #accumulate} and the dedup tape of {@link #detectIds}, reused from text to
     * text (allocating them per text cost about 2 ns per scored token of a 1,000-token text).
     */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        final int[] ends = new int[CHUNK];
        final long[] seeds = new long[CHUNK];
        final long[] sip = new long[Tt1Prf.SEED_SCRATCH];
        final int[] newEnds = new int[CHUNK];
        final long[] newSeeds = new long[CHUNK];
        private PairTape tape;
        private final TextDedup textDedup = new TextDedup();

        TextDedup textDedup(int positions) {
            textDedup.reset(positions);
            return textDedup;
        }

        /** An empty tape for one text: the cached one when it suits (cleared), else a new one, then cached. */
        PairTape tape(int vocabSize, int contextWidth, int length) {
            if (tape == null || !tape.suits(vocabSize, contextWidth, length)) {
                tape = new PairTape(vocabSize, contextWidth, length);
            } else {
                tape.clear();
            }
            return tape;
        }
    }

    /**
     * {@link #accumulate} for one text whose (window, token) tuples do not pack into one word (h = 4 with
     * Qwen3): the seeds of every position are computed first, in SIMD batches, and the first occurrence of
     * each tuple is found by {@link TextDedup} (fingerprint of seed and token, confirmed on the ids: exact).
     * New positions are scored in the same batches and order as {@link #accumulate}, so the sums are equal.
     */
    private void accumulateText(int[] ids, Tally tally) {
        int h = scorer.contextWidth();
        tally.tokensTotal += ids.length;
        if (ids.length <= h) {
            return;
        }
        Scratch s = SCRATCH.get();
        TextDedup dedup = s.textDedup(ids.length - h);
        int[] ends = s.ends;
        long[] seeds = s.seeds;
        int[] newEnds = s.newEnds;
        long[] newSeeds = s.newSeeds;
        int m = 0;
        for (int from = h; from < ids.length; from += CHUNK) {
            int n = Math.min(CHUNK, ids.length - from);
            for (int i = 0; i < n; i++) {
                ends[i] = from + i;
            }
            prf.seeds(ids, ends, n, h, seeds, s.sip);
            for (int i = 0; i < n; i++) {
                if (dedup.add(ids, ends[i], h, seeds[i])) {
                    newEnds[m] = ends[i];
                    newSeeds[m++] = seeds[i];
                    if (m == CHUNK) {
                        tally.score += scorer.scoreBatch(newSeeds, ids, newEnds, m);
                        tally.tokensScored += m;
                        m = 0;
                    }
                }
            }
        }
        tally.score += scorer.scoreBatch(newSeeds, ids, newEnds, m);
        tally.tokensScored += m;
    }

    /**
     * The pooled path of a {@link SequenceScorer}: the text's units (per-text masks applied), each new to the
     * tape scored once. Whether a unit is new depends on the ids and the key only, never on its score.
     */
    private void accumulateUnits(int[] ids, PairTape tape, Tally tally) {
        SequenceScorer s = (SequenceScorer) scorer;
        int[] positions = new int[ids.length];
        long[] units = new long[2 * ids.length];
        int n = s.pooledUnits(ids, positions, units);
        tally.tokensTotal += ids.length;
        for (int i = 0; i < n; i++) {
            long lo = units[2 * i];
            long hi = units[2 * i + 1];
            if (tape.addUnit(lo, hi)) {
                tally.score += s.unitScore(lo, hi);
                tally.tokensScored++;
            }
        }
    }

    /** Builds the result for counts accumulated elsewhere (pooled dataset tests use the same rule). */
    public Detection result(long tokensTotal, long tokensScored, double score) {
        double log10p = tokensScored == 0 ? 0.0 : scorer.log10PValue(tokensScored, score);
        double p = Math.pow(10, log10p);
        Verdict v = tokensScored < MIN_SCORED_TOKENS ? Verdict.TOO_SHORT
                : (log10p <= Math.log10(alpha) ? Verdict.WATERMARKED : Verdict.NOT_DETECTED);
        return new Detection(key.keyId(), key.scheme().toJson(), tokenizer.id(), tokenizer.sha256(),
                tokenizer.implementation(), tokensTotal, tokensScored, score, scorer.scoreDefinition(), p, log10p,
                alpha, v, normalizer.spec());
    }

    /** Searches for the most watermarked window of {@code text} (a passage pasted into other text). */
    public WindowedDetection detectWindowed(String text) {
        return WindowSearch.search(this, tokenize(text));
    }

    /** {@link #detectWindowed(String)} on token ids. */
    public WindowedDetection detectWindowedIds(int[] ids) {
        return WindowSearch.search(this, ids);
    }

    public WatermarkKey key() {
        return key;
    }

    public double alpha() {
        return alpha;
    }

    /** The normalisation applied before tokenising ({@link TextNormalizer#DEFAULT} unless given). */
    public TextNormalizer normalizer() {
        return normalizer;
    }

    Tt1Prf prf() {
        return prf;
    }

    public TokenScorer scorer() {
        return scorer;
    }

    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    /** The largest id; throws for a negative id. */
    static int maxId(int[] ids) {
        int m = 0;
        for (int id : ids) {
            if (id < 0) {
                throw new IllegalArgumentException("token ids must be >= 0, got " + id);
            }
            m = Math.max(m, id);
        }
        return m;
    }
}
