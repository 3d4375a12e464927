package dev.telltale.corpus.eval;

import dev.telltale.core.ExactTails;
import dev.telltale.detect.TokenScorer;

/** Exact binomial intervals, the exact size of a discrete test, and ROC-AUC. */
final class Stats {
    private Stats() {}

    /**
     * Clopper–Pearson interval for k successes in n trials at confidence {@code conf}: the p with
     * P(Bin(n, p) ≥ k) = (1 − conf)/2 and P(Bin(n, p) ≤ k) = (1 − conf)/2, solved by bisection on log p with
     * the exact tails of {@link ExactTails}.
     *
     * @return {lower, upper}
     */
    static double[] clopperPearson(long k, long n, double conf) {
        double half = Math.log((1 - conf) / 2);
        double lower = k == 0 ? 0 : solve(p -> ExactTails.logBinomialUpperTail(n, k, p), half);
        // P(Bin <= k) = 1 - P(Bin >= k+1) = (1 - conf)/2  <=>  P(Bin >= k+1) = 1 - (1 - conf)/2
        double upper = k == n ? 1 : solve(p -> ExactTails.logBinomialUpperTail(n, k + 1, p), Math.log1p(-(1 - conf) / 2));
        return new double[] {lower, upper};
    }

    /** The p in (0, 1) where the increasing function f(p) (a log tail) equals {@code target}; bisection on log p. */
    private static double solve(java.util.function.DoubleUnaryOperator f, double target) {
        double lo = Math.log(1e-300);
        double hi = 0;
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (f.applyAsDouble(Math.exp(mid)) < target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return Math.exp((lo + hi) / 2);
    }

    /**
     * The exact size of the test "p ≤ α" at T scored positions: P(p-value ≤ α | H0). For a discrete statistic
     * (integer scores: green counts, SynthID g-sums) it is the tail at the smallest score that reaches α, at
     * most α; for a continuous one (Gumbel's Gamma tail) it is α. A scorer is discrete when its p-value does not
     * change between score k and k + 0.4.
     */
    static double exactSize(TokenScorer scorer, long t, double alpha) {
        double target = Math.log10(alpha);
        long probe = Math.max(1, t / 4);
        if (scorer.log10PValue(t, probe) != scorer.log10PValue(t, probe + 0.4)) {
            return alpha;
        }
        long hi = 1;
        while (scorer.log10PValue(t, hi) > target) {
            if (hi > 128 * t) {
                return 0; // no attainable score is significant at this T
            }
            hi *= 2;
        }
        long lo = hi / 2; // f(lo) > target (or lo = 0), f(hi) <= target
        while (hi - lo > 1) {
            long mid = (lo + hi) >>> 1;
            if (scorer.log10PValue(t, mid) <= target) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return Math.pow(10, scorer.log10PValue(t, hi));
    }

    /**
     * ROC-AUC of a score that should be larger for positives: P(pos > neg) + ½ P(pos = neg) over all pairs
     * (the Mann–Whitney statistic).
     */
    static double auc(double[] positives, double[] negatives) {
        double wins = 0;
        for (double p : positives) {
            for (double q : negatives) {
                wins += p > q ? 1 : p == q ? 0.5 : 0;
            }
        }
        return wins / ((double) positives.length * negatives.length);
    }

    /** Fraction of values ≤ {@code threshold}. */
    static double fractionAtMost(double[] values, double threshold) {
        int k = 0;
        for (double v : values) {
            k += v <= threshold ? 1 : 0;
        }
        return values.length == 0 ? Double.NaN : (double) k / values.length;
    }

    static double median(double[] values) {
        double[] s = values.clone();
        java.util.Arrays.sort(s);
        int n = s.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
