package dev.telltale.core.internal;

import org.apache.commons.numbers.gamma.LogGamma;

/**
 * The log-space prefactors of the incomplete beta and gamma functions, computed without cancellation.
 *
 * <p>{@link #logBetaKernel} is {@code log(x^a y^b / B(a, b))} and {@link #logGammaKernel} is
 * {@code log(x^s e^-x / Γ(s))}. Both are accurate to a few ulps of max(1, |result|) for any
 * parameter size (no terms of size a·log x that cancel); see the derivation below. Static,
 * allocation-free.
 */
public final class TailKernels {
    /*
     * Why not a·log x + b·log y − log B(a, b) directly? For a, b ~ 1e9 each term is ~1e9 in size while
     * the result can be ~1, so the sum keeps only ~7 correct digits. Instead, following Loader [1] and
     * the saddle-point factorisation of TOMS 708 [2], write Stirling's series [3] as
     *
     *     log Γ(z) = (z − ½) log z − z + ½ log 2π + δ(z),    δ(z) = 1/(12z) − 1/(360z³) + …
     *
     * With N = a + b, x0 = a/N, y0 = b/N, and y = 1 − x:
     *
     *     log B(a, b) = a log x0 + b log y0 + ½ log(2πN/(ab)) + δ(a) + δ(b) − δ(N)
     *
     *     log(x^a y^b / B(a,b)) = a log(x/x0) + b log(y/y0) + ½ log(ab/(2πN)) − δ(a) − δ(b) + δ(N).
     *
     * Because a(x/x0 − 1) + b(y/y0 − 1) = Nx − a + Ny − b = 0, the first two terms are
     * −bd0(a, Nx) − bd0(b, Ny) with Loader's deviance
     *
     *     bd0(A, M) = A log(A/M) + M − A  ≥ 0,
     *
     * which is evaluated without cancellation: for |A − M| < 0.1(A + M) put v = (A − M)/(A + M), so
     * log(A/M) = log((1+v)/(1−v)) = 2(v + v³/3 + v⁵/5 + …) and
     *
     *     bd0(A, M) = (A − M)·v + 2A·(v³/3 + v⁵/5 + …)        (every term small, no big cancellation);
     *
     * otherwise the direct formula has no catastrophic cancellation (|log(A/M)| > 0.2).
     * Two roundings would still cost ε·|Nx − a| (≈ 1e-12 at n = 1e9, a few sd from the mean), since
     * ∂bd0/∂M = 1 − A/M, so the kernel removes both: M = Nx is passed to bd0 as the exact pair
     * (fl(Nx), fma(N, x, −fl(Nx))), making A − M exact; and 1 − x, which is not a double when
     * x < ½, is carried as y + yLo with yLo from oneMinusLo. (The callers' continued fraction in
     * 1 − x gets the matching first-order correction.)
     * The gamma kernel is the same computation with one parameter:
     *
     *     log(x^s e^-x / Γ(s)) = s log(x/s) − x + s + ½ log(s/2π) − δ(s) = −bd0(s, x) + ½ log(s/2π) − δ(s).
     *
     * δ(z) is the asymptotic series (7 terms, absolute truncation < 3e-17) for z ≥ 10 and
     * log Γ(z) − Stirling(z) below, where every term is O(10) and the difference is accurate to ~3e-15.
     *
     * [1] C. Loader, "Fast and accurate computation of binomial probabilities", 2000 (bd0, stirlerr).
     * [2] A. R. DiDonato and A. H. Morris, "Algorithm 708: significant digit computation of the
     *     incomplete beta function ratios", ACM TOMS 18(3), 1992 (function brcomp).
     * [3] NIST DLMF 5.11.1 (Stirling series) and 5.7.3 (Taylor series of log Γ(1 + z)).
     */

    private static final double HALF_LOG_2PI = 0.9189385332046727;
    private static final double LOG_2PI = 1.8378770664093453;
    private static final double EULER_GAMMA = 0.5772156649015329;
    /** ζ(2..10); ζ(2k) = |B_2k| (2π)^{2k} / (2 (2k)!), odd values from DLMF 25.6 tables. */
    private static final double[] ZETA = {
        0, 0, 1.6449340668482264, 1.2020569031595943, 1.0823232337111382, 1.0369277551433699,
        1.0173430619844491, 1.0083492773819228, 1.0040773561979443, 1.0020083928260822,
        1.0009945751278181,
    };

    private TailKernels() {}

    /** δ(z) = log Γ(z) − ((z − ½) log z − z + ½ log 2π), the Stirling remainder, for z &gt; 0. */
    public static double stirlingCorrection(double z) {
        if (z >= 10) {
            double r = 1 / z;
            double r2 = r * r;
            // DLMF 5.11.1 coefficients B_2k / (2k(2k−1)), k = 1..7, Horner in 1/z².
            return r * (1.0 / 12 + r2 * (-1.0 / 360 + r2 * (1.0 / 1260 + r2 * (-1.0 / 1680
                    + r2 * (1.0 / 1188 + r2 * (-691.0 / 360360 + r2 * (1.0 / 156)))))));
        }
        return LogGamma.value(z) - ((z - 0.5) * Math.log(z) - z + HALF_LOG_2PI);
    }

    /** Loader's deviance bd0(A, M) = A log(A/M) + M − A ≥ 0, for A, M &gt; 0, without cancellation. */
    public static double bd0(double big, double mean) {
        return bd0(big, mean, 0.0);
    }

    /**
     * bd0(A, M) with M given as an unevaluated sum meanHi + meanLo (|meanLo| ≤ ulp(meanHi)), so that
     * the rounding of M, amplified by |M − A|, does not enter the result.
     */
    static double bd0(double big, double meanHi, double meanLo) {
        double mean = meanHi + meanLo;
        if (Math.abs(big - mean) < 0.1 * (big + mean)) {
            double diff = (big - meanHi) - meanLo; // big − meanHi is exact here (Sterbenz)
            double v = diff / (big + mean);
            double v2 = v * v;
            double sum = diff * v;
            double term = 2 * big * v;
            for (int j = 3; j < 200; j += 2) {
                term *= v2;
                double next = sum + term / j;
                if (next == sum) {
                    return sum;
                }
                sum = next;
            }
            return sum; // |v| < 0.1: the series has converged long before j = 200
        }
        double ratio = big / mean;
        double logRatio = ratio > 0 && ratio < Double.POSITIVE_INFINITY
                ? Math.log(ratio) : Math.log(big) - Math.log(mean);
        return big * logRatio + mean - big;
    }

    /**
     * log(x^a (1−x)^b / B(a, b)) for a, b &gt; 0 and 0 &lt; x &lt; 1, where 1 − x = y + yLo exactly
     * (y = fl(1 − x), yLo its rounding error; see {@link #oneMinusLo}).
     */
    public static double logBetaKernel(double a, double b, double x, double y, double yLo) {
        double n = a + b;
        double nx = n * x;
        double ny = n * y;
        return -bd0(a, nx, Math.fma(n, x, -nx)) - bd0(b, ny, Math.fma(n, y, -ny) + n * yLo)
                + 0.5 * (Math.log(a) + Math.log(b) - Math.log(n) - LOG_2PI)
                - stirlingCorrection(a) - stirlingCorrection(b) + stirlingCorrection(n);
    }

    /** The rounding error of y = fl(1 − x) for 0 ≤ x ≤ 1: (1 − x) − y, computed exactly. */
    public static double oneMinusLo(double x, double y) {
        // For x ≥ ½, y = 1 − x is exact. Otherwise y ∈ [½, 1], so 1 − y is exact, and it lies within
        // half an ulp of x, so (1 − y) − x is exact too (Sterbenz), or 1 − y = 0 and it is −x.
        return (1 - y) - x;
    }

    /** log(x^s e^-x / Γ(s)) for s, x &gt; 0. */
    public static double logGammaKernel(double s, double x) {
        return -bd0(s, x) + 0.5 * (Math.log(s) - LOG_2PI) - stirlingCorrection(s);
    }

    /**
     * log Γ(1 + s) for 0 ≤ s &lt; 0.5, accurate relative to its (small) value: a Taylor series
     * (DLMF 5.7.3) for s &lt; 0.03 where forming 1 + s would round away digits, else {@link LogGamma}.
     */
    public static double logGamma1p(double s) {
        if (s < 0.03) {
            // −γs + Σ_{k≥2} (−1)^k ζ(k) s^k / k; with s < 0.03 the k = 11 term is < 1e-18 of the sum.
            double sum = 0;
            for (int k = 10; k >= 2; k--) {
                sum = s * (((k & 1) == 0 ? ZETA[k] : -ZETA[k]) / k + sum);
            }
            return s * (-EULER_GAMMA + sum);
        }
        return LogGamma.value(1 + s);
    }
}
