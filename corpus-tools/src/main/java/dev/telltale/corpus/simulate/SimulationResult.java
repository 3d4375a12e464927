package dev.telltale.corpus.simulate;

import dev.telltale.detect.radioactivity.RadioactivityResult;
import dev.telltale.detect.radioactivity.SeriesPoint;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a distillation simulation measured.
 *
 * @param config              the recipe
 * @param keyId               the teacher's key id
 * @param teacher             the teacher model (description)
 * @param humanTokens         human tokens in the student's training data
 * @param harvestTokens       watermarked answer tokens harvested (what we served)
 * @param watermarkedFraction measured share of watermarked tokens in the student's training data
 * @param student             the test of the student trained on the harvest, or null if not run
 * @param control             the test of the control student (unwatermarked harvest), or null if not run
 * @param accounts            tracing the harvested answers to their accounts, or null when not harvested through accounts
 * @param seconds             wall time of the whole simulation
 */
public record SimulationResult(SimulationConfig config, String keyId, String teacher, long humanTokens, long harvestTokens,
                               double watermarkedFraction, RadioactivityResult student, RadioactivityResult control,
                               AccountTraceSummary accounts, double seconds) {

    /** Pairs scored when the student's p-value first reached {@code alpha} (−1 if it never did). */
    public static long pairsToReach(RadioactivityResult r, double alpha) {
        if (r == null) {
            return -1;
        }
        double target = Math.log10(alpha);
        for (SeriesPoint p : r.series()) {
            if (p.log10P() <= target) {
                return p.pairs();
            }
        }
        return -1;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scheme", config.scheme().toJson());
        m.put("key_id", keyId);
        m.put("seed", config.seed());
        m.put("watermarked_fraction", config.throughAccounts() ? null : config.fraction()); // through accounts: measured only
        m.put("measured_watermarked_fraction", watermarkedFraction);
        m.put("teacher", teacher);
        m.put("student_order", config.studentOrder());
        m.put("human_tokens", humanTokens);
        m.put("harvest_tokens", harvestTokens);
        m.put("filter", config.filter());
        m.put("accounts", accounts == null ? null : accounts.toJson());
        m.put("student", summary(student));
        m.put("control", summary(control));
        m.put("seconds", Math.round(seconds * 10) / 10.0);
        return m;
    }

    private static Map<String, Object> summary(RadioactivityResult r) {
        if (r == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>(r.toJson());
        m.put("pairs_to_alpha", pairsToReach(r, r.detection().alpha()));
        return m;
    }
}
