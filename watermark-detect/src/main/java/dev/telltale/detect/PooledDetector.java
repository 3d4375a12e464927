package dev.telltale.detect;

/**
 * A pooled test over many texts (a dataset, or a suspect model's outputs): one global dedup tape, so each
 * (context window, token) tuple is scored once over the whole corpus, then one exact tail over the pooled
 * counts (DESIGN.md §6; Sander et al. 2024, "tape"). Texts shorter than the context width add nothing.
 *
 * <p>Thread-safe: texts are tokenised outside the lock and scored under it, so several threads may feed
 * one pool; the result does not depend on the order of texts except through which duplicate is kept,
 * which cannot change the counts.
 */
public final class PooledDetector {
    private final Detector detector;
    private final PairTape tape;
    private final Detector.Tally tally = new Detector.Tally();
    private long documents;

    /**
     * @throws IllegalArgumentException for schemes that score whole sequences ({@link SequenceScorer}: their
     *                                  dedup and masks are per text, not yet corpus-wide)
     */
    public PooledDetector(Detector detector) {
        if (detector.scorer() instanceof SequenceScorer) {
            throw new IllegalArgumentException("pooled tests support schemes scored per (window, token) pair (kgw, "
                    + "unigram, gumbel); scheme '" + detector.key().scheme().schemeId() + "' is not supported yet");
        }
        this.detector = detector;
        this.tape = detector.newTape(detector.tokenizer().vocabSize());
    }

    /** Adds one text. */
    public void addText(String text) {
        addIds(detector.tokenize(text));
    }

    /** Adds one already-tokenised text (ids from the key's tokenizer). */
    public synchronized void addIds(int[] ids) {
        for (int id : ids) {
            if (id < 0 || id >= detector.tokenizer().vocabSize()) {
                throw new IllegalArgumentException("token id " + id + " is outside the tokenizer's vocabulary ("
                        + detector.tokenizer().vocabSize() + ")");
            }
        }
        detector.accumulate(ids, tape, tally);
        documents++;
    }

    public synchronized long documents() {
        return documents;
    }

    /** The pooled detection so far. */
    public synchronized Detection result() {
        return detector.result(tally.tokensTotal, tally.tokensScored, tally.score);
    }
}
