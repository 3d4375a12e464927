package dev.telltale.detect.radioactivity;

import dev.telltale.core.Tt1Prf;
import dev.telltale.detect.Detection;
import dev.telltale.detect.Detector;
import dev.telltale.detect.PairTape;
import dev.telltale.detect.TokenScorer;
import java.util.ArrayList;
import java.util.List;

/**
 * The pooled count of a radioactivity test: every scored (context window, token) pair of the whole run
 * once (one global {@link PairTape}), windows occurring in the prompts skipped, optionally only windows
 * occurring in our own watermarked data, and the p-value recorded as pairs accumulate.
 *
 * <pre>
 * Validity [1, §4]: under H0 the suspect never learnt from our key, so its choices are independent of the
 * key except through the prompts, which may be our watermarked text. The PRF value of a pair whose window
 * occurs in no prompt is independent of everything the suspect saw; deduplicated pairs have distinct PRF
 * inputs, hence independent scores, and the scheme's exact tail applies. A repeated pair is the same coin
 * flipped again: counting it twice over-disperses the null (a clean model "detected"). The filter only
 * selects windows (from our data), never tokens: whether window w occurs in our data depends on the PRF
 * values of the tuples that end in w, never on those of (w, token), so the test stays valid. With h = 0
 * there is no window and a filter would select the scored tokens themselves (green ones are over-represented
 * in watermarked data): it is refused. The prompt rule then skips tokens that occur in the prompts, which
 * can only make the test conservative.
 * [1] Sander, Fernandez, Durmus, Douze, Furon. Watermarking Makes Language Models Radioactive. NeurIPS 2024.
 * </pre>
 * Not thread-safe: feed it from one thread.
 */
final class PairTally {
    private static final double SERIES_GROWTH = 1.15;
    private final Detector detector;
    private final TokenScorer scorer;
    private final Tt1Prf prf;
    private final int h;
    private final PairTape tape;           // null = no dedup (diagnostics only: invalid p-values)
    private final WindowSet skip;          // windows of the prompts, or null
    private final WindowSet filter;        // windows of our watermarked data, or null = score all
    private final int[] tuple;             // [h + 1] scratch: window then predicted token
    private final List<SeriesPoint> series = new ArrayList<>();
    private long nextPoint = 16;
    long tokensSeen;
    long pairs;
    double score;
    long skippedPromptWindows;
    long skippedByFilter;
    long duplicates;

    PairTally(Detector detector, boolean dedup, WindowSet skip, WindowSet filter) {
        if (detector.scorer() instanceof dev.telltale.detect.SequenceScorer) {
            throw new IllegalArgumentException("radioactivity tests support schemes scored per (window, token) pair "
                    + "(kgw, unigram, gumbel); scheme '" + detector.key().scheme().schemeId() + "' is not supported");
        }
        this.detector = detector;
        this.scorer = detector.scorer();
        this.prf = detector.key().prf();
        this.h = scorer.contextWidth();
        this.tape = dedup ? new PairTape(detector.tokenizer().vocabSize(), h, 1 << 16) : null;
        if (h == 0 && filter != null) {
            // With no window, a "window" filter would select the scored tokens themselves by their presence in
            // our watermarked data, where green tokens are over-represented: a clean model would look watermarked.
            throw new IllegalArgumentException("a filter on our data needs a context window; scheme '"
                    + detector.key().scheme().schemeId() + "' has none (h = 0): test without the filter");
        }
        this.skip = checkLength(skip);
        this.filter = checkLength(filter);
        this.tuple = new int[h + 1];
    }

    private WindowSet checkLength(WindowSet s) {
        if (s != null && s.length() != Windows.length(detector)) {
            throw new IllegalArgumentException("window set of " + s.length() + "-grams given for a key with h = " + h);
        }
        return s;
    }

    /**
     * Scores a closed-model output: positions of {@code output} whose window may reach back into
     * {@code context} (the prompt ids for completions, empty for chat replies).
     */
    void addOutput(int[] context, int[] output) {
        int[] ids = new int[context.length + output.length];
        System.arraycopy(context, 0, ids, 0, context.length);
        System.arraycopy(output, 0, ids, context.length, output.length);
        checkIds(ids);
        tokensSeen += output.length;
        for (int t = Math.max(h, context.length); t < ids.length; t++) {
            int keyFrom = h > 0 ? t - h : t;   // the window; for h = 0 the token itself (see Windows)
            if (!admit(ids, keyFrom)) {
                continue;
            }
            if (tape != null && !tape.add(ids, t + 1)) {
                duplicates++;
                continue;
            }
            count(prf.seed(ids, t - h, t), ids[t]);
        }
    }

    /** Scores a reading-mode prediction: the suspect predicted {@code predicted} after {@code ids[t - h .. t)}. */
    void addPrediction(int[] ids, int t, int predicted) {
        tokensSeen++;
        System.arraycopy(ids, t - h, tuple, 0, h);
        tuple[h] = predicted;
        if (!admit(h > 0 ? ids : tuple, h > 0 ? t - h : 0)) {
            return;
        }
        if (tape != null && !tape.add(tuple, h + 1)) {
            duplicates++;
            return;
        }
        count(prf.seed(ids, t - h, t), predicted);
    }

    private boolean admit(int[] ids, int keyFrom) {
        if (skip != null && skip.contains(ids, keyFrom)) {
            skippedPromptWindows++;
            return false;
        }
        if (filter != null && !filter.contains(ids, keyFrom)) {
            skippedByFilter++;
            return false;
        }
        return true;
    }

    private void count(long seed, int token) {
        score += scorer.score(seed, token);
        pairs++;
        if (pairs >= nextPoint) {
            series.add(new SeriesPoint(pairs, scorer.log10PValue(pairs, score)));
            nextPoint = Math.max(pairs + 1, (long) Math.ceil(nextPoint * SERIES_GROWTH));
        }
    }

    private void checkIds(int[] ids) {
        int v = detector.tokenizer().vocabSize();
        for (int id : ids) {
            if (id < 0 || id >= v) {
                throw new IllegalArgumentException("token id " + id + " is outside the tokenizer's vocabulary (" + v + ")");
            }
        }
    }

    /** The series so far, ending with the current count. */
    List<SeriesPoint> series() {
        List<SeriesPoint> s = new ArrayList<>(series);
        if (pairs > 0 && (s.isEmpty() || s.get(s.size() - 1).pairs() != pairs)) {
            s.add(new SeriesPoint(pairs, scorer.log10PValue(pairs, score)));
        }
        return s;
    }

    Detection detection() {
        return detector.result(tokensSeen, pairs, score);
    }

    boolean dedup() {
        return tape != null;
    }

    boolean skipsPromptWindows() {
        return skip != null;
    }

    Integer filterWindows() {
        return filter == null ? null : filter.size();
    }
}
