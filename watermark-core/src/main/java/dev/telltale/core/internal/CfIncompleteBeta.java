package dev.telltale.core.internal;

/**
 * The continued fraction of the regularised incomplete beta function, evaluated by the modified
 * Lentz method. Static and allocation-free.
 */
public final class CfIncompleteBeta {
    /*
     * DLMF 8.17.22 [1]:
     *
     *     I_x(a, b) = x^a (1−x)^b / (a B(a, b)) · 1 / (1 + d1/(1 + d2/(1 + d3/(1 + …))))
     *
     *     d_{2m+1} = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)),
     *     d_{2m}   =  m (b − m) x / ((a + 2m − 1)(a + 2m)).
     *
     * This method returns the fraction F = 1/(1 + d1/(1 + …)). It converges quickly for
     * x < (a + 1)/(a + b + 2) (callers use I_x(a,b) = 1 − I_{1−x}(b,a) above that point); the
     * worst case, right at the switch point, is quoted as O(sqrt(max(a, b))) terms [2, §6.4].
     * Measured (x at the switch point, a = b): 1e4 → 117 iterations, 1e6 → 526, 1e8 → 2,282,
     * 1e9 → 4,846; over b/a in [1e-3, 1e3] at most 5,494 for max(a, b) = 1e9; binomial n = 1e9,
     * k within ±3 sd of the mean: ≤ 3,838. So in practice the growth is nearer max(a,b)^(1/3) and
     * the cap 5·sqrt(max(a, b)) + 1,000 (159,000 at 1e9) is a wide safety margin, never a limit.
     *
     * Modified Lentz [2, §5.2; 3]: with f_0 = tiny, C_0 = f_0, D_0 = 0, for each partial numerator
     * α_j and denominator β_j = 1: D_j = 1/(β_j + α_j D_{j−1}), C_j = β_j + α_j / C_{j−1},
     * f_j = f_{j−1} C_j D_j, and stop when |C_j D_j − 1| < 1e-15. The first level (α_1 = 1) is
     * done by hand below, its denominator 1 + d1 = ((a + 1) − (a + b)x)/(a + 1) with one fma.
     *
     * Rounding: near the centre, x ≈ a/(a + b), the odd numerators are ≈ −1 and the denominators
     * 1 + α_j D_{j−1} cancel, so relative accuracy degrades roughly like ε·sqrt(max(a, b)). Measured
     * against 50-digit sums for the binomial tail: ~1e-15 at n = 1e5, ≤ 2e-12 at n = 1e7,
     * ≤ 2e-11 at n = 1e9 (relative error of the probability), far below any p-value's meaning.
     *
     * [1] NIST DLMF 8.17.22.
     * [2] Press, Teukolsky, Vetterling and Flannery, Numerical Recipes, 3rd ed., 2007, §5.2 and §6.4.
     * [3] W. J. Lentz, "Generating Bessel functions in Mie scattering calculations using continued
     *     fractions", Applied Optics 15(3), 1976; Thompson and Barnett, J. Comput. Phys. 64, 1986.
     */

    /** Relative convergence threshold of the fraction. */
    private static final double EPSILON = 1e-15;
    private static final double TINY = 1e-300;

    private CfIncompleteBeta() {}

    /** The iteration cap for parameters a, b: about 5·sqrt(max(a, b)) + 1,000. */
    public static int maxIterations(double a, double b) {
        double cap = 1000 + 5 * Math.sqrt(Math.max(a, b));
        return cap >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) cap;
    }

    /**
     * The fraction F with I_x(a, b) = x^a (1−x)^b / (a B(a, b)) · F, for a, b &gt; 0 and
     * 0 &lt; x ≤ (a + 1)/(a + b + 2) (beyond it, it still converges but slowly).
     *
     * @throws ArithmeticException if it has not converged to 1e-15 within {@link #maxIterations}
     */
    public static double fraction(double a, double b, double x) {
        int cap = maxIterations(a, b);
        // Level 1: α_1 = 1, β_1 = 1; level 2 has α_2 = d1.
        double c = 1;
        double d = 1 / nonZero(Math.fma(-(a + b), x, a + 1) / (a + 1));
        double f = d;
        for (int m = 1; m <= cap; m++) {
            double twoM = 2.0 * m;
            // even step: α = d_{2m}
            double alpha = m * (b - m) * x / ((a + twoM - 1) * (a + twoM));
            d = 1 / nonZero(1 + alpha * d);
            c = nonZero(1 + alpha / c);
            f *= d * c;
            // odd step: α = d_{2m+1}
            alpha = -(a + m) * (a + b + m) * x / ((a + twoM) * (a + twoM + 1));
            d = 1 / nonZero(1 + alpha * d);
            c = nonZero(1 + alpha / c);
            double delta = d * c;
            f *= delta;
            if (Math.abs(delta - 1) < EPSILON) {
                return f;
            }
        }
        throw new ArithmeticException("incomplete beta continued fraction did not converge in " + cap
                + " iterations for a=" + a + ", b=" + b + ", x=" + x);
    }

    private static double nonZero(double v) {
        return Math.abs(v) < TINY ? TINY : v;
    }
}
