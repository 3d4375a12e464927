package dev.telltale.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@link ExactTails} against independent references that use no gamma or beta function at all:
 * the binomial tail as an explicit sum of binomial terms and the integer-shape gamma tail as an
 * explicit Poisson sum, both with log-factorials from running sums of {@code Math.log(i)}.
 */
class ExactTailsTest {
    private static final double LN_10 = Math.log(10);
    private static final int MAX_FACTORIAL = 40_000;
    /** LOG_FACTORIAL[i] = Σ_{j ≤ i} Math.log(j), summed exactly (BigDecimal): the sum adds no rounding. */
    private static final BigDecimal[] LOG_FACTORIAL = new BigDecimal[MAX_FACTORIAL + 1];

    static {
        LOG_FACTORIAL[0] = BigDecimal.ZERO;
        for (int i = 1; i <= MAX_FACTORIAL; i++) {
            LOG_FACTORIAL[i] = LOG_FACTORIAL[i - 1].add(new BigDecimal(Math.log(i)));
        }
    }

    private static double maxBinomialError;
    private static double maxGammaError;

    @AfterAll
    static void reportErrors() {
        System.out.printf("ExactTailsTest: max error in log10 p vs reference: binomial %.3g, gamma %.3g%n",
                maxBinomialError, maxGammaError);
    }

    // ---------------------------------------------------------------------------------------------
    // Independent references.
    //
    // Both are ratios of sums of exp(t_j), evaluated with log-sum-exp around the largest term. The
    // log-terms t_j are kept exact (BigDecimal) until the largest is subtracted, and the sums are
    // accumulated exactly, so the reference adds almost no rounding of its own. Both divide by the
    // sum over all j (1 in exact arithmetic): the rounding δ of Math.log(p) or Math.log(x) enters
    // every t_j as j·δ, and unnormalised it would shift the result by E[j]·δ ≈ 4e-12 at j ~ 5000.

    /**
     * log P(X ≥ k), X ~ Bin(n, p): log Σ_{j=k}^{n} exp(t_j) − log Σ_{j=0}^{n} exp(t_j), with
     * t_j = log C(n, j) + j log p + (n − j) log(1 − p).
     */
    private static double referenceLogBinomialTail(int n, int k, double p) {
        if (k <= 0) {
            return 0.0;
        }
        BigDecimal[] terms = new BigDecimal[n + 1]; // [n + 1] log-terms t_j, j = 0..n
        BigDecimal logP = new BigDecimal(Math.log(p));
        BigDecimal logQ = new BigDecimal(Math.log1p(-p));
        for (int j = 0; j <= n; j++) {
            BigDecimal logChoose = LOG_FACTORIAL[n].subtract(LOG_FACTORIAL[j]).subtract(LOG_FACTORIAL[n - j]);
            terms[j] = logChoose.add(logP.multiply(BigDecimal.valueOf(j)))
                    .add(logQ.multiply(BigDecimal.valueOf(n - j)));
        }
        return logPartialSumRatio(terms, k, n + 1);
    }

    /**
     * log Q(n, x) for integer shape n: Q = e^-x Σ_{j<n} x^j/j! with e^x = Σ_{j≥0} x^j/j! summed
     * until negligible, i.e. log Σ_{j<n} exp(t_j) − log Σ_j exp(t_j) with t_j = j log x − log j!.
     */
    private static double referenceLogGammaTail(int shape, double x) {
        // beyond x + 40·sqrt(x) + 100 the Poisson(x) mass is below 1e-300
        int count = Math.max(shape, (int) Math.ceil(x + 40 * Math.sqrt(x) + 100));
        assertTrue(count <= MAX_FACTORIAL);
        BigDecimal[] terms = new BigDecimal[count]; // [count] log-terms t_j, j = 0..count−1
        BigDecimal logX = new BigDecimal(Math.log(x));
        for (int j = 0; j < count; j++) {
            terms[j] = logX.multiply(BigDecimal.valueOf(j)).subtract(LOG_FACTORIAL[j]);
        }
        return logPartialSumRatio(terms, 0, shape);
    }

    /** log(Σ_{from ≤ j < to} exp(t_j) / Σ_{all j} exp(t_j)). */
    private static double logPartialSumRatio(BigDecimal[] terms, int from, int to) {
        BigDecimal maxPart = max(terms, from, to);
        BigDecimal maxAll = max(terms, 0, terms.length);
        BigDecimal part = sumExp(terms, from, to, maxPart);
        BigDecimal all = sumExp(terms, 0, terms.length, maxAll);
        if (maxPart.compareTo(maxAll) == 0) { // ratio near 1: log1p keeps a tiny missing mass
            return Math.log1p(part.subtract(all).doubleValue() / all.doubleValue());
        }
        return maxPart.subtract(maxAll).doubleValue() + Math.log(part.doubleValue()) - Math.log(all.doubleValue());
    }

    private static BigDecimal max(BigDecimal[] terms, int from, int to) {
        BigDecimal max = terms[from];
        for (int j = from + 1; j < to; j++) {
            max = max.max(terms[j]);
        }
        return max;
    }

    private static BigDecimal sumExp(BigDecimal[] terms, int from, int to, BigDecimal offset) {
        BigDecimal sum = BigDecimal.ZERO;
        for (int j = from; j < to; j++) {
            sum = sum.add(new BigDecimal(Math.exp(terms[j].subtract(offset).doubleValue())));
        }
        return sum;
    }

    /** Relative 1e-9 in log10 p, or absolute 1e-12 where log10 p is about 0. */
    private static double assertLog10Close(double expected, double actual, String what) {
        double tolerance = Math.max(1e-9 * Math.abs(expected), 1e-12);
        double error = Math.abs(actual - expected);
        assertTrue(Double.isFinite(actual) && error <= tolerance,
                what + ": expected log10 p = " + expected + ", got " + actual + " (error " + error + ")");
        return Math.abs(expected) > 1e-3 ? error / Math.abs(expected) : error;
    }

    // ---------------------------------------------------------------------------------------------
    // Binomial.

    @Test
    void binomialTail_matchesLogTermSum_onGrid() {
        int[] ns = {1, 2, 16, 50, 200, 1000, 5000};
        double[] ps = {0.1, 0.25, 0.5, 0.9};
        for (int n : ns) {
            int[] ks = {0, 1, n / 4, n / 2, 3 * n / 4, n};
            for (int k : ks) {
                for (double p : ps) {
                    double expected = referenceLogBinomialTail(n, k, p) / LN_10;
                    double actual = ExactTails.log10BinomialUpperTail(n, k, p);
                    double error = assertLog10Close(expected, actual, "Bin(" + n + ", " + p + ") >= " + k);
                    maxBinomialError = Math.max(maxBinomialError, error);
                }
            }
        }
    }

    @Test
    void binomialTail_matchesLogTermSum_at1e3000() {
        // P(X ≥ 5000) = 0.25^5000: only the last term, ≈ 10^-3010.3, far below Double.MIN_VALUE.
        double actual = ExactTails.log10BinomialUpperTail(5000, 5000, 0.25);
        assertTrue(Double.isFinite(actual));
        assertEquals(5000 * Math.log10(0.25), actual, 1e-12 * 3010.3);
        assertLog10Close(referenceLogBinomialTail(5000, 5000, 0.25) / LN_10, actual, "Bin(5000, 0.25) >= 5000");
        assertEquals(0.0, ExactTails.toPValue(actual * LN_10));
    }

    @Test
    void binomialTail_matchesKnownValues() {
        // betainc(59, 143, 0.25); mpmath at 50 digits gives 0.091077268895993761.
        assertEquals(0.09107726889600978, Math.exp(ExactTails.logBinomialUpperTail(201, 59, 0.25)),
                1e-9 * 0.091);
        // mpmath (direct sum at 40 digits) gives 0.97214570942147531.
        assertEquals(0.9721457094218579, Math.exp(ExactTails.logBinomialUpperTail(105401, 26082, 0.25)),
                1e-9 * 0.97);
    }

    @Test
    void binomialTail_handlesTrivialThresholds() {
        assertEquals(0.0, ExactTails.logBinomialUpperTail(10, 0, 0.3));
        assertEquals(0.0, ExactTails.logBinomialUpperTail(10, -5, 0.3));
        assertEquals(0.0, ExactTails.logBinomialUpperTail(0, 0, 0.3));
        assertEquals(Double.NEGATIVE_INFINITY, ExactTails.logBinomialUpperTail(10, 11, 0.3));
        assertEquals(Double.NEGATIVE_INFINITY, ExactTails.logBinomialUpperTail(0, 1, 0.3));
        // P(X ≥ 1) = 1 − (1 − p)^n, both tails of the switch
        assertEquals(Math.log1p(-Math.pow(0.7, 10)), ExactTails.logBinomialUpperTail(10, 1, 0.3), 1e-15);
        assertEquals(Math.log(1 - Math.pow(0.999, 3)), ExactTails.logBinomialUpperTail(3, 1, 0.001), 1e-13);
    }

    @Test
    void binomialTail_isNonIncreasingInK() {
        SplittableRandom random = new SplittableRandom(20240601);
        for (int trial = 0; trial < 40; trial++) {
            int n = 1 + random.nextInt(3000);
            double p = 0.001 + 0.998 * random.nextDouble();
            double previous = 0.0;
            for (int k = 0; k <= n + 1; k++) {
                double current = ExactTails.logBinomialUpperTail(n, k, p);
                assertTrue(current <= previous + 1e-14 * Math.abs(previous),
                        "n=" + n + ", p=" + p + ", k=" + k + ": " + current + " > " + previous);
                previous = current;
            }
            assertEquals(Double.NEGATIVE_INFINITY, previous);
        }
    }

    @Test
    void binomialTail_atOneBillionTrials_isConsistentWithTermRatios() {
        // Window masses W0 = P(k ≤ X < k+m) and W1 = P(k+m ≤ X < k+2m) from the tail function must
        // satisfy W1/W0 = Σ_{i=m}^{2m−1} r_i / Σ_{i<m} r_i, where r_i = P(X = k+i)/P(X = k) is a
        // product of the exact ratios P(X = j+1)/P(X = j) = (n − j) p / ((j + 1)(1 − p)).
        long n = 1_000_000_000L;
        for (double p : new double[] {0.01, 0.25, 0.5, 0.9}) {
            double sd = Math.sqrt(n * p * (1 - p));
            int m = (int) Math.ceil(sd / 4);
            for (double z : new double[] {-2, -0.5, 0, 0.5, 3, 8}) {
                long k = Math.round(n * p + z * sd);
                double l0 = ExactTails.logBinomialUpperTail(n, k, p);
                double l1 = ExactTails.logBinomialUpperTail(n, k + m, p);
                double l2 = ExactTails.logBinomialUpperTail(n, k + 2L * m, p);
                assertTrue(l0 > l1 && l1 > l2 && l2 > Double.NEGATIVE_INFINITY);
                double logW0 = l0 + Math.log(-Math.expm1(l1 - l0));
                double logW1 = l1 + Math.log(-Math.expm1(l2 - l1));

                double logR = 0; // log r_i
                double sum0 = 0;
                double sum1 = 0;
                for (int i = 0; i < 2 * m; i++) {
                    if (i < m) {
                        sum0 += Math.exp(logR);
                    } else {
                        sum1 += Math.exp(logR);
                    }
                    long j = k + i;
                    logR += Math.log((double) (n - j) * p / ((j + 1) * (1 - p)));
                }
                assertEquals(Math.log(sum1 / sum0), logW1 - logW0, 1e-7, "p=" + p + ", z=" + z);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Gamma.

    @Test
    void gammaTail_matchesPoissonSum_onGrid() {
        int[] shapes = {1, 2, 10, 94, 1000, 5000};
        double[] multipliers = {0.01, 0.1, 0.5, 0.9, 0.99, 1.0, 1.01, 1.1, 1.5, 2, 3, 5};
        boolean sawBelow1e1000 = false;
        for (int shape : shapes) {
            double[] xs = new double[multipliers.length + 1];
            for (int i = 0; i < multipliers.length; i++) {
                xs[i] = multipliers[i] * shape;
            }
            xs[multipliers.length] = shape + 1.0; // the switch between series and fraction
            for (double x : xs) {
                double expected = referenceLogGammaTail(shape, x) / LN_10;
                double actual = ExactTails.log10GammaUpperTail(shape, x);
                double error = assertLog10Close(expected, actual, "Q(" + shape + ", " + x + ")");
                maxGammaError = Math.max(maxGammaError, error);
                sawBelow1e1000 |= expected < -1000;
            }
        }
        assertTrue(sawBelow1e1000);
    }

    @Test
    void gammaTail_matchesThreeBricksValue() {
        // The published value 0.0013446705361302954 is Q(94, x) at the float32-rounded score
        // x = 125.78022003173828; at the double score 94 · 1.3380874395370483 mpmath (40 digits)
        // gives 0.0013446708049781007.
        double score = 94 * 1.3380874395370483;
        assertEquals(0.0013446705361302954, Math.exp(ExactTails.logGammaUpperTail(94, (float) score)),
                1e-9 * 0.0013446705361302954);
        assertEquals(0.0013446708049781007, Math.exp(ExactTails.logGammaUpperTail(94, score)),
                1e-9 * 0.0013446708049781007);
    }

    @Test
    void gammaTail_handlesTrivialThresholds() {
        assertEquals(0.0, ExactTails.logGammaUpperTail(3, 0));
        assertEquals(0.0, ExactTails.logGammaUpperTail(3, -1));
        assertEquals(Double.NEGATIVE_INFINITY, ExactTails.logGammaUpperTail(3, Double.POSITIVE_INFINITY));
        assertEquals(-2.5, ExactTails.logGammaUpperTail(1, 2.5), 1e-15); // Q(1, x) = e^-x
    }

    @Test
    void gammaTail_smallShape_isAccurateWhereOneMinusPWouldCancel() {
        // Q(s, x) = s·E1(x) + O(s²) as s → 0; E1(1) = 0.21938393439552027.
        double s = 1e-10;
        assertEquals(Math.log(s * 0.21938393439552027), ExactTails.logGammaUpperTail(s, 1.0), 1e-8);
        // the three regimes join continuously around shape = 0.5 and x = shape + 1
        assertEquals(ExactTails.logGammaUpperTail(0.5 - 1e-12, 1.0), ExactTails.logGammaUpperTail(0.5, 1.0), 1e-11);
        assertEquals(ExactTails.logGammaUpperTail(0.3, 1.3), ExactTails.logGammaUpperTail(0.3, Math.nextUp(1.3)), 1e-13);
        assertEquals(ExactTails.logGammaUpperTail(7.5, 8.5), ExactTails.logGammaUpperTail(7.5, Math.nextUp(8.5)), 1e-13);
    }

    @Test
    void gammaTail_atLargeShape_isConsistentWithRecurrence() {
        // Q(s+1, x) − Q(s, x) = x^s e^-x / Γ(s+1) =: D(s), so D(s+1)/D(s) = x/(s+1).
        double s = 1e8;
        for (double x : new double[] {s - 3e4, s, s + 1, s + 2e4, s + 5e4}) {
            double q0 = ExactTails.logGammaUpperTail(s, x);
            double q1 = ExactTails.logGammaUpperTail(s + 1, x);
            double q2 = ExactTails.logGammaUpperTail(s + 2, x);
            double logD0 = q1 + Math.log(-Math.expm1(q0 - q1));
            double logD1 = q2 + Math.log(-Math.expm1(q1 - q2));
            assertEquals(Math.log(x / (s + 1)), logD1 - logD0, 1e-7, "x=" + x);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Beta, p-values and argument checks.

    @Test
    void regularizedBeta_satisfiesReflectionAndBinomialIdentity() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            double a = Math.exp(10 * random.nextDouble() - 4);
            double b = Math.exp(10 * random.nextDouble() - 4);
            double x = 0.5 + Math.scalb(Math.floor(random.nextDouble() * 1024), -11); // 1 − x exact
            double direct = Math.exp(ExactTails.logRegularizedBeta(x, a, b));
            double mirrored = Math.exp(ExactTails.logRegularizedBeta(1 - x, b, a));
            assertEquals(1.0, direct + mirrored, 1e-13, "a=" + a + ", b=" + b + ", x=" + x);
        }
        assertEquals(ExactTails.logBinomialUpperTail(200, 50, 0.3), ExactTails.logRegularizedBeta(0.3, 50, 151), 0.0);
        assertEquals(Double.NEGATIVE_INFINITY, ExactTails.logRegularizedBeta(0, 2, 3));
        assertEquals(0.0, ExactTails.logRegularizedBeta(1, 2, 3));
        assertEquals(Math.log(0.3), ExactTails.logRegularizedBeta(0.3, 1, 1), 1e-15); // I_x(1, 1) = x
    }

    @Test
    void regularizedBeta_smallSecondShape_isAccurateOrThrows() {
        // 1 − I_{1−x}(b, a) cancels completely here; the direct fraction takes over.
        // Reference: mpmath quad of the beta density at 60 digits.
        assertEquals(-44.033677208230964, ExactTails.logRegularizedBeta(0.99, 0.3, 1e-20), 1e-13);
        // a, b → 0: Beta(a, b) puts mass b/(a + b) near 0.
        assertEquals(Math.log(1e-10 / (1e-5 + 1e-10)), ExactTails.logRegularizedBeta(0.99, 1e-5, 1e-10), 1e-3);
        // Neither fraction converges this close to 1: the iteration cap throws, nothing is guessed.
        assertThrows(ArithmeticException.class, () -> ExactTails.logRegularizedBeta(Math.nextDown(1.0), 2, 1e-20));
    }

    @Test
    void toPValue_exponentiatesAndUnderflowsQuietly() {
        assertEquals(0.5, ExactTails.toPValue(Math.log(0.5)), 1e-16);
        assertEquals(1.0, ExactTails.toPValue(0.0));
        assertEquals(0.0, ExactTails.toPValue(-3000 * LN_10));
        assertEquals(0.0, ExactTails.toPValue(Double.NEGATIVE_INFINITY));
    }

    @Test
    void invalidArguments_throwWithFixableMessages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExactTails.logBinomialUpperTail(10, 3, 1.5));
        assertEquals("p must be in (0, 1), got 1.5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ExactTails.logBinomialUpperTail(10, 3, 0.0));
        assertThrows(IllegalArgumentException.class, () -> ExactTails.logBinomialUpperTail(10, 3, 1.0));
        assertThrows(IllegalArgumentException.class, () -> ExactTails.logBinomialUpperTail(10, 3, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> ExactTails.log10BinomialUpperTail(-1, 0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> ExactTails.logBinomialUpperTail((1L << 53) + 1, 1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> ExactTails.logGammaUpperTail(0, 1));
        assertThrows(IllegalArgumentException.class, () -> ExactTails.logGammaUpperTail(-2, 1));
        assertThrows(IllegalArgumentException.class, () -> ExactTails.logGammaUpperTail(Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> ExactTails.log10GammaUpperTail(Double.POSITIVE_INFINITY, 1));
        assertThrows(IllegalArgumentException.class, () -> ExactTails.logGammaUpperTail(2, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> ExactTails.logRegularizedBeta(1.5, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> ExactTails.logRegularizedBeta(0.5, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> ExactTails.logRegularizedBeta(0.5, 1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> ExactTails.toPValue(0.1));
        assertThrows(IllegalArgumentException.class, () -> ExactTails.toPValue(Double.NaN));
    }
}
