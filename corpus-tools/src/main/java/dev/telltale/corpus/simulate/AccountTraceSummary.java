package dev.telltale.corpus.simulate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What tracing the harvested answers gave, when the teacher was harvested through accounts: each answer is
 * traced on its own ({@code AccountTracer.trace}, p-value corrected for the key's whole account space) and
 * compared with the account whose API key fetched it.
 *
 * @param scheme          the account scheme ({@code kgw-accounts} or {@code kgw-account-keys})
 * @param method          the tracer's method ({@code rs-decode} or {@code registry-search})
 * @param accountSpace    N, the key's account space the p-values are corrected for
 * @param accounts        accounts harvested through (one answer each)
 * @param alpha           level at which an answer is attributed
 * @param texts           answers traced
 * @param right           attributed to the account that fetched them
 * @param wrong           attributed to another account
 * @param notAttributed   attributed to none (including too short)
 * @param tooShort        fewer scored tokens than detection's minimum
 * @param meanLog10PRight mean corrected log10 p of the right attributions (NaN if none)
 * @param worstLog10PRight largest corrected log10 p among the right attributions (NaN if none)
 * @param meanTokensScored mean scored (window, token) pairs per answer
 * @param msPerTrace      wall time per trace, milliseconds
 */
public record AccountTraceSummary(String scheme, String method, long accountSpace, int accounts, double alpha, int texts,
                                  int right, int wrong, int notAttributed, int tooShort, double meanLog10PRight,
                                  double worstLog10PRight, double meanTokensScored, double msPerTrace) {

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scheme", scheme);
        m.put("method", method);
        m.put("account_space", accountSpace);
        m.put("accounts", accounts);
        m.put("alpha", alpha);
        m.put("texts_traced", texts);
        m.put("traced_to_true_account", right);
        m.put("traced_to_wrong_account", wrong);
        m.put("not_attributed", notAttributed);
        m.put("too_short", tooShort);
        m.put("mean_log10_p_true", Double.isNaN(meanLog10PRight) ? null : round(meanLog10PRight));
        m.put("worst_log10_p_true", Double.isNaN(worstLog10PRight) ? null : round(worstLog10PRight));
        m.put("mean_tokens_scored", round(meanTokensScored));
        m.put("ms_per_trace", round(msPerTrace));
        return m;
    }

    private static double round(double x) {
        return Math.round(x * 100) / 100.0;
    }
}
