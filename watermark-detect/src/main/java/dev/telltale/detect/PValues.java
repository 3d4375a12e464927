package dev.telltale.detect;

import java.util.Locale;

/** p-values for people: written from their log10, so that 1e-3000 prints as well as 0.04. */
public final class PValues {
    private PValues() {}

    /** {@link #format(double, int)} with 4 significant digits. */
    public static String format(double log10p) {
        return format(log10p, 4);
    }

    /**
     * A p-value in plain or scientific notation from its log10: {@code %.Ng} above 1e-4, else
     * {@code m.mme-E} with the mantissa from the log (finite even below {@link Double#MIN_VALUE}).
     *
     * @param digits significant digits of the plain form (the scientific form has 3)
     */
    public static String format(double log10p, int digits) {
        if (log10p > -4) {
            return String.format(Locale.ROOT, "%." + digits + "g", Math.pow(10, log10p));
        }
        double e = Math.floor(log10p);
        double mant = Math.pow(10, log10p - e);
        if (mant >= 9.995) { // rounds up to 10.00: carry into the exponent
            mant = 1;
            e += 1;
        }
        return String.format(Locale.ROOT, "%.2fe%d", mant, (long) e);
    }
}
