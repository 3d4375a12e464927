package dev.telltale.detect.radioactivity;

import dev.telltale.detect.Detection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a radioactivity test of a suspect model.
 *
 * @param mode                 {@code "closed"} (outputs from an endpoint) or {@code "reading"} (teacher-forced top-1
 *                             predictions of a local model)
 * @param detection            the pooled exact test: {@code tokensScored} = pairs scored, p, log10 p, verdict
 * @param dedup                each (window, token) pair scored once over the run (false only in diagnostics)
 * @param skipsPromptWindows   windows occurring in the prompts were not scored
 * @param filterWindows        size of the filter (windows of our watermarked data), or null without a filter
 * @param tokensSeen           output tokens (closed) or predictions (reading) looked at
 * @param skippedPromptWindows positions skipped because their window occurs in a prompt
 * @param skippedByFilter      positions skipped because their window is not in our data
 * @param duplicates           positions skipped because their pair was already scored
 * @param series               p-value against pairs scored (geometric grid, ending at the total)
 * @param requests             closed mode: requests made, failed and retried; null in reading mode
 * @param texts                reading mode: texts read; closed mode: prompts
 */
public record RadioactivityResult(String mode, Detection detection, boolean dedup, boolean skipsPromptWindows,
                                  Integer filterWindows, long tokensSeen, long skippedPromptWindows, long skippedByFilter,
                                  long duplicates, List<SeriesPoint> series, RequestStats requests, long texts) {

    public RadioactivityResult {
        series = List.copyOf(series);
    }

    static RadioactivityResult of(String mode, PairTally t, RequestStats requests, long texts) {
        return new RadioactivityResult(mode, t.detection(), t.dedup(), t.skipsPromptWindows(), t.filterWindows(),
                t.tokensSeen, t.skippedPromptWindows, t.skippedByFilter, t.duplicates, t.series(), requests, texts);
    }

    public long pairsScored() {
        return detection.tokensScored();
    }

    public double pValue() {
        return detection.pValue();
    }

    public double log10PValue() {
        return detection.log10PValue();
    }

    /** The result as JSON fields (stable names; the detect fields, then the radioactivity ones). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", mode);
        Map<String, Object> d = detection.toJson(null);
        m.put("verdict", d.remove("verdict"));
        m.put("p_value", d.remove("p_value"));
        m.put("log10_p_value", d.remove("log10_p_value"));
        m.put("pairs_scored", detection.tokensScored());
        m.put("tokens_seen", tokensSeen);
        d.remove("tokens_total");
        d.remove("tokens_scored");
        m.putAll(d);
        m.put("dedup", dedup);
        m.put("skips_prompt_windows", skipsPromptWindows);
        m.put("filter_windows", filterWindows);
        m.put("skipped_prompt_windows", skippedPromptWindows);
        m.put("skipped_by_filter", skippedByFilter);
        m.put("duplicate_pairs", duplicates);
        m.put("texts", texts);
        if (requests != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("requested", requests.requested());
            r.put("succeeded", requests.succeeded());
            r.put("failed", requests.failed());
            r.put("retries", requests.retries());
            r.put("failure_reasons", requests.failureReasons());
            m.put("requests", r);
        }
        List<List<Number>> s = new ArrayList<>();
        for (SeriesPoint p : series) {
            s.add(List.of(p.pairs(), p.log10P()));
        }
        m.put("series_definition", "[pairs_scored, log10_p_value] after the first pairs_scored pairs");
        m.put("series", s);
        return m;
    }
}
