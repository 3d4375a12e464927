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

    /**
     * The account line of a traced text (the detect JSON's {@code account_trace}): "Traced account: 123456",
     * "Account: none named" or "Account: not traced (too short)".
     */
    public static String accountHeadline(String status, long candidate) {
        return switch (status) {
            case "attributed" -> "Traced account: " + candidate;
            case "too_short" -> "Account: not traced (too short)";
            default -> "Account: none named";
        };
    }

    /** The account trace said in words; {@code candidate} is −1 when there is none. */
    public static String explainAccount(String status, long candidate, double log10p, double alpha, long accounts, String method,
                                        long scored) {
        String space = String.format(Locale.ROOT, "%,d", accounts);
        String p = p(log10p);
        return switch (status) {
            case "attributed" -> "p = " + p + ", corrected for all " + space + " accounts of the key: if this text had not been "
                    + "served to account " + candidate + " (written by a person, under another key, or served to any other "
                    + "account), a match this strong with some account would occur by chance at most about " + oneIn(log10p)
                    + " times. That is below alpha = " + alpha + ", so the text names account " + candidate + " (" + method
                    + ", " + scored + " scored tokens).";
            case "too_short" -> "Only " + scored + " tokens could be scored; at least 16 are needed to trace an account.";
            default -> (candidate < 0 ? "No account matches." : "The best-matching account, " + candidate + ", has p = " + p
                    + " after correcting for " + space + " accounts.") + " That is above alpha = " + alpha + ", so the text names "
                    + "no account. This does not show that it was served to none: short or heavily edited texts lose the "
                    + "account signal first.";
        };
    }

    /** A dataset job's account counts in one sentence. */
    public static String explainAccountCounts(long traced, long attributed, long named, double alpha, long accounts) {
        return String.format(Locale.ROOT, "%,d of %,d documents traced to %,d account%s at alpha = %s, each document on its own "
                + "with a p-value corrected for the %,d accounts of the key. Over %,d documents served to no account, at most "
                + "%s wrong attributions are expected (documents x alpha).", attributed, traced, named, named == 1 ? "" : "s",
                alpha, accounts, traced, traced == 0 ? "0" : PValues.format(Math.log10(traced * alpha), 3));
    }
}
