package dev.telltale.core.internal;

/**
 * The continued fraction and the two power series of the regularised incomplete gamma functions
 * P(s, x) and Q(s, x) = 1 − P(s, x). Static and allocation-free.
 */
public final class CfIncompleteGamma {
    /*
     * Upper fraction, x > s + 1 (Legendre's fraction in its even contraction [1, 8.9.2; 2, eq. 6.2.7]):
     *
     *     Q(s, x) = x^s e^-x / Γ(s) · 1/(x + 1 − s − 1·(1 − s)/(x + 3 − s − 2·(2 − s)/(x + 5 − s − …)))
     *
     * evaluated by modified Lentz (see CfIncompleteBeta) with α_i = −i(i − s), β_i = x + 2i + 1 − s.
     * It needs O(sqrt(s)) terms when x is just above s + 1 and a handful when x ≫ s.
     *
     * Lower series, x ≤ s + 1 [1, 8.7.1]:
     *
     *     P(s, x) = x^s e^-x / Γ(s) · Σ_{n≥0} x^n / (s (s+1) … (s+n)),
     *
     * whose terms shrink once s + n > x and fall below 1e-15 of the sum after about 8·sqrt(s)
     * terms when x ≈ s + 1.
     *
     * Small-shape series, s < 0.5 and x ≤ s + 1, where Q = 1 − P would lose digits (Q ≈ s·E1(x)
     * is small when s is). From the alternating form of [1, 8.7.1],
     * P(s, x) = x^s/Γ(1+s) · (1 + s Σ_{n≥1} (−x)^n / (n! (s + n))), hence with u = s log x − log Γ(1+s):
     *
     *     Q(s, x) = −expm1(u) − e^u · s · Σ_{n≥1} (−x)^n / (n! (s + n)).
     *
     * With x < 1.5 the terms are bounded by e^1.5 and the two parts cancel by at most a factor ~10.
     *
     * Measured iterations at x = s + 1, the worst case of both: fraction 192 (s = 1e4), 896 (1e6),
     * 4,141 (1e8), 8,959 (1e9); series 782, 7,413, 70,865, 218,876, i.e. ≈ 7·sqrt(s), matching
     * sqrt(2·s·ln(1/1e-15)) ≈ 8.3·sqrt(s) asymptotically. The cap 20·sqrt(s) + 1,000 leaves 2.5x.
     *
     * [1] NIST DLMF 8.7.1 and 8.9.2.
     * [2] Press, Teukolsky, Vetterling and Flannery, Numerical Recipes, 3rd ed., 2007, §6.2.
     */

    private static final double EPSILON = 1e-15;
    private static final double TINY = 1e-300;

    private CfIncompleteGamma() {}

    /** The iteration cap for shape s: about 20·sqrt(s) + 1,000. */
    public static int maxIterations(double s) {
        double cap = 1000 + 20 * Math.sqrt(s);
        return cap >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) cap;
    }

    /**
     * The fraction F with Q(s, x) = x^s e^-x / Γ(s) · F, for s &gt; 0 and x &gt; s + 1.
     *
     * @throws ArithmeticException if it has not converged to 1e-15 within {@link #maxIterations}
     */
    public static double upperFraction(double s, double x) {
        int cap = maxIterations(s);
        double beta = x + 1 - s;
        double c = 1 / TINY;
        double d = 1 / beta;
        double f = d;
        for (int i = 1; i <= cap; i++) {
            double alpha = -i * (i - s);
            beta += 2;
            d = 1 / nonZero(alpha * d + beta);
            c = nonZero(beta + alpha / c);
            double delta = d * c;
            f *= delta;
            if (Math.abs(delta - 1) < EPSILON) {
                return f;
            }
        }
        throw new ArithmeticException("incomplete gamma continued fraction did not converge in " + cap
                + " iterations for shape=" + s + ", x=" + x);
    }

    /**
     * The sum S with P(s, x) = x^s e^-x / Γ(s) · S, for s &gt; 0 and 0 &lt; x ≤ s + 1.
     *
     * @throws ArithmeticException if it has not converged to 1e-15 within {@link #maxIterations}
     */
    public static double lowerSeries(double s, double x) {
        int cap = maxIterations(s);
        double term = 1 / s;
        double sum = term;
        for (int n = 1; n <= cap; n++) {
            term *= x / (s + n);
            sum += term;
            if (term < sum * EPSILON) {
                return sum;
            }
        }
        throw new ArithmeticException("incomplete gamma series did not converge in " + cap
                + " iterations for shape=" + s + ", x=" + x);
    }

    /**
     * Q(s, x) itself (not its log) for 0 &lt; s &lt; 0.5 and 0 &lt; x ≤ s + 1, accurate relative to
     * Q even when s is tiny.
     */
    public static double smallShapeUpper(double s, double x) {
        double u = s * Math.log(x) - TailKernels.logGamma1p(s);
        double term = 1; // (−x)^n / n!
        double sum = 0;
        for (int n = 1; n <= 200; n++) {
            term *= -x / n;
            double next = sum + term / (s + n);
            if (next == sum) {
                return -Math.expm1(u) - Math.exp(u) * s * sum;
            }
            sum = next;
        }
        throw new ArithmeticException("small-shape incomplete gamma series did not converge for shape="
                + s + ", x=" + x);
    }

    private static double nonZero(double v) {
        return Math.abs(v) < TINY ? TINY : v;
    }
}
