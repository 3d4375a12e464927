package dev.telltale.detect;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of a windowed search for a watermarked passage inside a longer text.
 *
 * @param whole              the plain detection over the whole text
 * @param window             the detection over the best window alone (its p-value is uncorrected)
 * @param windowStartToken   first token index of the best window (inclusive, in the text's token ids)
 * @param windowEndToken     end token index (exclusive)
 * @param windowsTried       number of windows whose p-value was computed (the correction factor)
 * @param log10PValue        log10 of the Bonferroni-corrected p-value: min(0, log10(windowsTried · p_best))
 * @param verdict            at the detector's α, on the corrected p-value
 */
public record WindowedDetection(Detection whole, Detection window, int windowStartToken, int windowEndToken,
                                long windowsTried, double log10PValue, Verdict verdict) {

    /** The corrected p-value (may underflow to 0; use {@link #log10PValue()}). */
    public double pValue() {
        return Math.pow(10, log10PValue);
    }

    public Map<String, Object> toJson(String id) {
        Map<String, Object> m = whole.toJson(id);
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("start_token", windowStartToken);
        w.put("end_token", windowEndToken);
        w.put("tokens_scored", window.tokensScored());
        w.put("score", window.score());
        w.put("log10_p_value_uncorrected", window.log10PValue());
        w.put("windows_tried", windowsTried);
        w.put("correction", "bonferroni");
        w.put("p_value", pValue());
        w.put("log10_p_value", log10PValue);
        w.put("verdict", verdict.json());
        m.put("window", w);
        return m;
    }
}
