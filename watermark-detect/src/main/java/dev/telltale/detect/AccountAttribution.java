package dev.telltale.detect;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of tracing one text to an account (docs/attribution.md, contract).
 *
 * @param keyId        public id of the key (never the secret)
 * @param scheme       scheme id ({@code kgw-accounts} or {@code kgw-account-keys})
 * @param method       how the account was found: {@code rs-decode} (multi-bit code, time linear in the text) or
 *                     {@code registry-search} (every sub-key of the registry scored)
 * @param accounts     N, the account space the p-value is corrected for
 * @param tokensTotal  tokens in the text
 * @param tokensScored T: positions with a full window, each (window, token) pair once
 * @param candidate    the best-matching account id, or −1 when none could be formed (no scored token)
 * @param matches      scored tokens in the candidate's lists
 * @param log10PValue  log10 of the p-value that a text not produced for {@code candidate} (human text, another
 *                     key, or another account of this key) matches it this well, corrected for all N accounts
 * @param alpha        level at which the text is attributed
 * @param details      method-specific counts (code parameters, agreement bound), for the report
 */
public record AccountAttribution(String keyId, String scheme, String method, long accounts, long tokensTotal,
                                 long tokensScored, long candidate, long matches, double log10PValue, double alpha,
                                 Map<String, Object> details) {

    public AccountAttribution {
        details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details)); // keeps the given order
    }

    /** The corrected p-value (may underflow to 0; use {@link #log10PValue()}). */
    public double pValue() {
        return Math.pow(10, log10PValue);
    }

    /** True iff the text names {@link #candidate()}: p ≤ α with at least {@link Detector#MIN_SCORED_TOKENS} scored tokens. */
    public boolean attributed() {
        return candidate >= 0 && tokensScored >= Detector.MIN_SCORED_TOKENS && log10PValue <= Math.log10(alpha);
    }

    /** {@code attributed}, {@code not_attributed} or {@code too_short}. */
    public String status() {
        return tokensScored < Detector.MIN_SCORED_TOKENS ? "too_short" : attributed() ? "attributed" : "not_attributed";
    }

    /**
     * The detect JSON's {@code account} field (contract): {@code {"id", "p_value", "log10_p_value"}} when the
     * text is attributed, else null (JSON null: traced to no account).
     */
    public Map<String, Object> accountJson() {
        if (!attributed()) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", candidate);
        m.put("p_value", pValue());
        m.put("log10_p_value", log10PValue);
        return m;
    }

    /** The detect JSON's {@code account_trace} field: how the answer was reached, also when there is none. */
    public Map<String, Object> traceJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status());
        m.put("method", method);
        m.put("accounts", accounts);
        m.put("tokens_scored", tokensScored);
        m.put("candidate", candidate < 0 ? null : candidate);
        m.put("matches", matches);
        m.put("p_value", pValue());
        m.put("log10_p_value", log10PValue);
        m.put("alpha", alpha);
        m.putAll(details);
        return m;
    }
}
