package dev.telltale.corpus.scan;

import dev.telltale.core.ExactTails;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Estimates the fraction π₁ of documents in a corpus that carry the watermark, with a confidence interval,
 * from the per-document p-values (Storey's estimator of the null fraction at λ = ½ [1], with randomised
 * p-values so that discrete tests are handled exactly).
 *
 * <p><b>Estimator.</b> Under H0 (a document written without the key) a document's randomised p-value
 * p̃ = P(S &gt; s) + U·P(S = s), U ~ Uniform(0, 1), is exactly Uniform(0, 1) even though the test statistic S
 * is discrete; so P(p̃ &gt; λ) = 1 − λ. A watermarked document has p̃ ≈ 0 (assumption A2 below), so with π₀
 * the null fraction, E[#{p̃ &gt; λ}] = n·π₀·(1 − λ). Instead of drawing U, each document contributes its
 * conditional probability w = P(p̃ &gt; λ | s) = clamp((P(S ≥ s) − λ) / P(S = s), 0, 1) (deterministic, and a
 * lower-variance version of the indicator: Rao–Blackwell). Then π̂₀ = Σw / (n(1 − λ)) and π̂₁ = 1 − π̂₀,
 * clipped to [0, 1].
 *
 * <p><b>Interval.</b> Σw is treated as a Binomial(n, q) count with q = π₀(1 − λ): for the indicator version
 * that is exact, and replacing indicators by their conditional expectations only shrinks the variance, so the
 * Clopper–Pearson interval for q (computed with the regularised incomplete beta function, which accepts a
 * non-integer count) is conservative. It maps to π₁ ∈ [1 − q_hi/(1 − λ), 1 − q_lo/(1 − λ)], clipped to [0, 1].
 *
 * <p><b>Assumptions</b> (stated in the summary as well):
 * <ol>
 * <li>A1: unwatermarked documents follow the detector's null model (each distinct scored tuple independent);
 *     near-duplicate documents or texts quoting each other break independence across documents.
 * <li>A2: a watermarked document's p-value is below λ = ½. True for nearly every watermarked document with a
 *     few dozen scored tokens; a document whose watermark is too weak (very short, heavily edited, mostly
 *     human) counts partly as unwatermarked, so π̂₁ estimates the fraction of <em>detectably</em>
 *     watermarked documents and is biased low, never high, by weak ones.
 * <li>Documents with fewer than {@code Detector.MIN_SCORED_TOKENS} scored tokens ({@code too_short}) are
 *     left out of n.
 * </ol>
 *
 * <p>[1] J. D. Storey. A direct approach to false discovery rates. JRSS B 64(3), 2002.
 */
public final class WatermarkedFraction {
    /** Storey's λ. */
    public static final double LAMBDA = 0.5;
    /** Confidence level of the interval. */
    public static final double CONFIDENCE = 0.95;

    private WatermarkedFraction() {}

    /**
     * One document's w = P(p̃ &gt; λ | s).
     *
     * @param log10PAtLeast log10 P(S ≥ s), the document's reported p-value
     * @param log10PAbove   log10 P(S &gt; s): for an integer-valued statistic P(S ≥ s + 1); for a continuous
     *                      one the same as {@code log10PAtLeast}
     */
    public static double aboveLambda(double log10PAtLeast, double log10PAbove) {
        double ge = Math.pow(10, log10PAtLeast);
        double gt = Math.min(ge, Math.pow(10, log10PAbove));
        if (gt >= LAMBDA) {
            return 1;
        }
        if (ge <= LAMBDA) {
            return 0;
        }
        return (ge - LAMBDA) / (ge - gt);
    }

    /** The estimate for {@code n} documents whose w values sum to {@code sumAbove}. */
    public static Estimate estimate(long n, double sumAbove) {
        if (n == 0) {
            return new Estimate(0, Double.NaN, Double.NaN, Double.NaN);
        }
        double k = Math.max(0, Math.min(n, sumAbove));
        double a = 1 - CONFIDENCE;
        double qLo = k <= 0 ? 0 : betaQuantile(a / 2, k, n - k + 1);
        double qHi = k >= n ? 1 : betaQuantile(1 - a / 2, k + 1, n - k);
        double est = clip(1 - k / (n * (1 - LAMBDA)));
        return new Estimate(n, est, clip(1 - qHi / (1 - LAMBDA)), clip(1 - qLo / (1 - LAMBDA)));
    }

    /** π̂₁ and its interval over {@code n} documents (NaN when n = 0). */
    public record Estimate(long documents, double fraction, double low, double high) {
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("estimate", Double.isNaN(fraction) ? null : fraction);
            m.put("ci_low", Double.isNaN(low) ? null : low);
            m.put("ci_high", Double.isNaN(high) ? null : high);
            m.put("confidence", CONFIDENCE);
            m.put("documents_used", documents);
            m.put("method", "Storey null fraction at lambda = 0.5 on randomised p-values (conditional expectations), "
                    + "Clopper-Pearson interval");
            m.put("assumptions", "unwatermarked documents follow the null model independently; watermarked documents have "
                    + "p < 0.5 (weakly watermarked ones count as unwatermarked, so the estimate is biased low); "
                    + "too_short documents are left out");
            return m;
        }
    }

    private static double clip(double x) {
        return Math.max(0, Math.min(1, x));
    }

    /** x with I_x(a, b) = prob, by bisection on the exact regularised incomplete beta. */
    static double betaQuantile(double prob, double a, double b) {
        double lo = 0;
        double hi = 1;
        double logP = Math.log(prob);
        for (int i = 0; i < 200 && hi - lo > 1e-15; i++) {
            double mid = 0.5 * (lo + hi);
            if (ExactTails.logRegularizedBeta(mid, a, b) < logP) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }
}
