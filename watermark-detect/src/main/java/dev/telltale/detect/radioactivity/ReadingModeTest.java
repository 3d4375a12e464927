package dev.telltale.detect.radioactivity;

import dev.telltale.detect.Detector;
import dev.telltale.embed.LanguageModel;
import dev.telltale.embed.TopToken;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * "Reading mode" for a suspect whose weights we hold [1, §5]: feed our watermarked texts to it with teacher
 * forcing and score, at every position, the window taken from the text and the suspect's top-1 prediction.
 * A student that learnt our green lists predicts green tokens more often than γ.
 *
 * <p>Rules: a window is scored at its first occurrence within a text only (a model that copies from its
 * context could otherwise replay the watermarked token that followed the same window earlier in the text),
 * each (window, prediction) pair once over the whole run, and, with a filter, only windows that occur in our
 * data. The first h positions of a text have no full window.
 *
 * <p>Cost: one model step per scored position ({@link TopToken}: the n-gram models find their top-1 without
 * a pass over V).
 *
 * <pre>
 * [1] Sander, Fernandez, Durmus, Douze, Furon. Watermarking Makes Language Models Radioactive. NeurIPS 2024
 *     ("open model" setting; the reference's main_reed_wm.py).
 * </pre>
 */
public final class ReadingModeTest {
    private ReadingModeTest() {}

    /**
     * @param suspect used by this thread only
     * @param texts   our watermarked texts
     * @param filter  windows to restrict to, or null
     */
    public static RadioactivityResult run(Detector detector, LanguageModel suspect, List<String> texts, WindowSet filter,
                                          Progress progress) {
        if (suspect.vocabSize() != detector.tokenizer().vocabSize()) {
            throw new IllegalArgumentException("the suspect has vocabulary " + suspect.vocabSize() + " but the key's tokenizer "
                    + detector.tokenizer().id() + " has " + detector.tokenizer().vocabSize());
        }
        int h = detector.scorer().contextWidth();
        PairTally tally = new PairTally(detector, true, null, filter);
        TopToken top = new TopToken(suspect, null);
        for (int i = 0; i < texts.size(); i++) {
            if (progress.cancelled()) {
                throw new CancellationException("reading mode cancelled after " + i + " of " + texts.size() + " texts");
            }
            int[] ids = detector.tokenize(texts.get(i));
            WindowSet seenInText = h > 0 ? new WindowSet(detector.tokenizer().vocabSize(), h) : null;
            for (int t = h; t < ids.length; t++) {
                if (seenInText != null && !seenInText.add(ids, t - h)) {
                    continue; // this window already occurred in this text
                }
                tally.addPrediction(ids, t, top.next(ids, t));
            }
            progress.update(i + 1, texts.size());
        }
        return RadioactivityResult.of("reading", tally, null, texts.size());
    }
}
