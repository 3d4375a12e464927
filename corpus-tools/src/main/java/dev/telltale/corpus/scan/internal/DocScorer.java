package dev.telltale.corpus.scan.internal;

import dev.telltale.corpus.scan.WatermarkedFraction;
import dev.telltale.detect.Detection;
import dev.telltale.detect.Detector;
import dev.telltale.detect.TokenScorer;

/**
 * The work of a scan worker on one document: the key's tokenisation (NFC, no special tokens), the per-text
 * detection of {@link Detector} (fresh dedup tape per text), and the inputs of the summary. Thread-safe, as
 * {@link Detector} and the tokenizers are.
 */
public final class DocScorer {
    private final Detector detector;
    private final TokenScorer scorer;
    private final PooledKeys pooled;
    private final int vocabSize;
    private final boolean tokenizeOnly;

    public DocScorer(Detector detector) {
        this(detector, false);
    }

    /** With {@code tokenizeOnly}, documents are tokenised but not scored (throughput measurements). */
    DocScorer(Detector detector, boolean tokenizeOnly) {
        this.detector = detector;
        this.tokenizeOnly = tokenizeOnly;
        this.scorer = detector.scorer();
        this.vocabSize = detector.tokenizer().vocabSize();
        this.pooled = PooledKeys.forDetector(detector);
    }

    /** The pooled test's keys, or null when the scheme has none. */
    PooledKeys pooled() {
        return pooled;
    }

    Detector detector() {
        return detector;
    }

    /** Scores one text. */
    DocScore score(String text) {
        int[] ids = detector.tokenize(text);
        if (tokenizeOnly) {
            return new DocScore(detector.result(ids.length, 0, 0), 1, null);
        }
        Detection d = detector.detectIds(ids);
        double w = d.tokensScored() == 0 ? 1 : WatermarkedFraction.aboveLambda(d.log10PValue(), log10PAbove(d));
        long[] keys = null;
        if (pooled != null && inVocabulary(ids)) {
            keys = pooled.keysOf(ids);
        }
        return new DocScore(d, w, keys);
    }

    /**
     * log10 P(S &gt; s): P(S ≥ s + 1) when the statistic is integer-valued, else P(S ≥ s). A scheme's tail is
     * taken as integer-valued when its score is a whole number and the tail does not move between s and
     * s + ¼ (binomial tails of green counts and g-value totals; the Gamma tail of {@code gumbel} moves).
     */
    private double log10PAbove(Detection d) {
        double s = d.score();
        long t = d.tokensScored();
        boolean lattice = s == Math.rint(s) && scorer.log10PValue(t, s + 0.25) == d.log10PValue();
        return lattice ? scorer.log10PValue(t, s + 1) : d.log10PValue();
    }

    private boolean inVocabulary(int[] ids) {
        for (int id : ids) {
            if (id < 0 || id >= vocabSize) {
                return false;
            }
        }
        return true;
    }
}
