package dev.telltale.core;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading and checking scheme fields, with messages that say how to fix them. */
final class SchemeFields {
    private SchemeFields() {}

    /** A required integer field (a JSON number with no fractional part, within int range). */
    static int integer(JsonNode n, String field) {
        double d = Schemes.number(n, field);
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("scheme field '" + field + "' must be an integer, got " + d);
        }
        return (int) d;
    }

    /** γ, the green fraction: must lie in (0, 1). */
    static void requireGamma(double gamma) {
        if (!(gamma > 0 && gamma < 1)) {
            throw new IllegalArgumentException("gamma must be in (0, 1), got " + gamma);
        }
    }

    /** δ, the logit bias: a finite number > 0. */
    static void requireDelta(double delta) {
        if (!(delta > 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("delta must be a finite number > 0, got " + delta);
        }
    }
}
