package dev.telltale.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading and checking the fields the account schemes add, with messages that say how to fix them. */
final class AccountFields {
    private AccountFields() {}

    /** A required whole-number field within long range (account counts exceed int). */
    static long wholeNumber(JsonNode n, String field) {
        double d = Schemes.number(n, field);
        if (d != Math.rint(d) || Math.abs(d) > 0x1p62) {
            throw new IllegalArgumentException("scheme field '" + field + "' must be a whole number, got " + d);
        }
        return n.get(field).canConvertToLong() ? n.get(field).asLong() : (long) d;
    }

    /** The checks both account schemes share: shared γ, δ, h ≥ 1, and the account component's γ_a, δ_a. */
    static void requireCommon(double gamma, double delta, int contextWidth, double accountGamma, double accountDelta) {
        SchemeFields.requireGamma(gamma);
        SchemeFields.requireDelta(delta);
        if (contextWidth < 1 || contextWidth > KgwParameters.MAX_CONTEXT_WIDTH) {
            throw new IllegalArgumentException("context width must be in [1, " + KgwParameters.MAX_CONTEXT_WIDTH
                    + "] for an account scheme (the account list is keyed by the window), got " + contextWidth);
        }
        if (!(accountGamma > 0 && accountGamma < 1)) {
            throw new IllegalArgumentException("account_gamma must be in (0, 1), got " + accountGamma);
        }
        if (!(accountDelta > 0) || Double.isInfinite(accountDelta)) {
            throw new IllegalArgumentException("account_delta must be a finite number > 0, got " + accountDelta);
        }
    }

    /** Throws unless {@code accounts} is in [min, max]. */
    static void requireAccounts(long accounts, long min, long max, String why) {
        if (accounts < min || accounts > max) {
            throw new IllegalArgumentException("accounts must be in [" + min + ", " + max + "]" + why + ", got " + accounts);
        }
    }

    /** The key-file fields both account schemes have, in their stable order (a scheme appends its own). */
    static Map<String, Object> commonJson(AccountScheme s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.schemeId());
        m.put("gamma", s.gamma());
        m.put("delta", s.delta());
        m.put("context_width", s.contextWidth());
        m.put("account_gamma", s.accountGamma());
        m.put("account_delta", s.accountDelta());
        m.put("accounts", s.accounts());
        return m;
    }
}
