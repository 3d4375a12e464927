package dev.telltale.server.internal;

import java.util.Locale;

/** What an API token may do; each role includes the ones before it. */
public enum Role {
    /** Detect, read own reports. Minimum scored length; no per-token colours. */
    SUBMITTER,
    /** Also per-token highlighting, jobs, every report. */
    ANALYST,
    /** Also tokens, keys, the audit log. */
    ADMIN;

    public boolean atLeast(Role r) {
        return ordinal() >= r.ordinal();
    }

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String s) {
        for (Role r : values()) {
            if (r.json().equals(s)) {
                return r;
            }
        }
        throw new IllegalArgumentException("role must be submitter, analyst or admin, got '" + s + "'");
    }
}
