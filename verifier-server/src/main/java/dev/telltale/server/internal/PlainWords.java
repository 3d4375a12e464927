package dev.telltale.server.internal;

import dev.telltale.detect.PValues;
import java.util.Locale;

/** The p-value and verdict said in words, for the PDF (the web page says the same in its own script). */
public final class PlainWords {
    private PlainWords() {}

    /** A p-value in scientific notation from its log10, finite even below Double.MIN_VALUE. */
    public static String p(double log10p) {
        return PValues.format(log10p, 3);
    }

    /** "1 in 1.6e28" style odds for a p-value. */
    static String oneIn(double log10p) {
        double inv = -log10p;
        if (inv < 6) {
            return String.format(Locale.ROOT, "1 in %,d", Math.round(Math.pow(10, inv)));
        }
        double e = Math.floor(inv);
        return String.format(Locale.ROOT, "1 in %.1fe%d", Math.pow(10, inv - e), (long) e);
    }

    public static String explain(String verdict, double log10p, double alpha, long scored) {
        String p = p(log10p);
        return switch (verdict) {
            case "watermarked" -> "p = " + p + ": if this text had been written without the key, a score at least this high "
                    + "would occur by chance about " + oneIn(log10p) + " times. That is below the chosen threshold alpha = "
                    + alpha + ", so the text carries the watermark.";
            case "too_short" -> "Only " + scored + " tokens could be scored; at least 16 are needed for a verdict (p = " + p
                    + " is shown for completeness).";
            default -> "p = " + p + ": a score at least this high occurs by chance " + (log10p > -2
                    ? String.format(Locale.ROOT, "in about %.0f%% of", 100 * Math.pow(10, log10p))
                    : "about " + oneIn(log10p) + " times for") + " texts written without the key. That is above alpha = "
                    + alpha + ", so there is not enough evidence of the watermark (this does not prove the text is human-written).";
        };
    }
}
