package dev.telltale.detect;

/** The decision of a detection at level α (DESIGN.md §6, contract). */
public enum Verdict {
    /** p ≤ α. */
    WATERMARKED("watermarked"),
    /** p &gt; α with enough scored tokens. */
    NOT_DETECTED("not_detected"),
    /** Fewer than {@link Detector#MIN_SCORED_TOKENS} scored tokens: no claim either way. */
    TOO_SHORT("too_short");

    private final String json;

    Verdict(String json) {
        this.json = json;
    }

    /** The contract spelling used in JSON output. */
    public String json() {
        return json;
    }
}
