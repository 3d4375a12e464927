package dev.telltale.detect.radioactivity;

import dev.telltale.detect.Detector;

/**
 * The context windows a radioactivity test looks up: of length h (the key's context width) for the
 * windows of outputs, prompts and our own watermarked data. For h = 0 (unigram) every window is empty, so
 * the prompt rule applies to the tokens instead (length 1); a filter on our data is refused for h = 0 (see
 * {@code PairTally}).
 */
public final class Windows {
    private Windows() {}

    /** The n-gram length used for {@code detector}'s key: max(h, 1). */
    public static int length(Detector detector) {
        return Math.max(1, detector.scorer().contextWidth());
    }

    /** An empty set for {@code detector}'s windows. */
    public static WindowSet empty(Detector detector) {
        return new WindowSet(detector.tokenizer().vocabSize(), length(detector));
    }

    /** The windows of {@code texts}, tokenised as {@code detector} tokenises (normalisation, the key's tokenizer). */
    public static WindowSet of(Detector detector, Iterable<String> texts) {
        WindowSet s = empty(detector);
        for (String t : texts) {
            s.addAll(detector.tokenize(t));
        }
        return s;
    }
}
