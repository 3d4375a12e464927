package dev.telltale.corpus.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.core.ExactTails;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The estimator as a statistic: over many simulated corpora of KGW documents (discrete binomial tests of
 * varying length), the 95% interval covers the true watermarked fraction at least about 95% of the time and
 * the estimate is unbiased when watermarked documents are long enough to have p &lt; ½.
 */
class WatermarkedFractionTest {
    private static final double GAMMA = 0.25;

    /** One simulated corpus of n documents, a fraction pi1 of them watermarked (green rate 0.6). */
    private static WatermarkedFraction.Estimate corpus(SplittableRandom r, int n, double pi1) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            int t = 20 + r.nextInt(380);
            boolean marked = r.nextDouble() < pi1;
            int s = binomial(r, t, marked ? 0.6 : GAMMA);
            double ge = ExactTails.log10BinomialUpperTail(t, s, GAMMA);
            double gt = ExactTails.log10BinomialUpperTail(t, s + 1, GAMMA);
            sum += WatermarkedFraction.aboveLambda(ge, gt);
        }
        return WatermarkedFraction.estimate(n, sum);
    }

    private static int binomial(SplittableRandom r, int t, double p) {
        int s = 0;
        for (int i = 0; i < t; i++) {
            s += r.nextDouble() < p ? 1 : 0;
        }
        return s;
    }

    @Test
    void interval_coversTheTruth_atItsNominalRate_andTheEstimateIsUnbiased() {
        int reps = Boolean.getBoolean("telltale.full") ? 2000 : 300;
        SplittableRandom r = new SplittableRandom(12);
        for (double pi1 : new double[] {0.0, 0.05, 0.3}) {
            int covered = 0;
            double meanEstimate = 0;
            for (int k = 0; k < reps; k++) {
                WatermarkedFraction.Estimate e = corpus(r, 400, pi1);
                covered += e.low() <= pi1 && pi1 <= e.high() ? 1 : 0;
                meanEstimate += e.fraction() / reps;
            }
            double coverage = covered / (double) reps;
            // 95% nominal; binomial sd at 300 reps is 0.013, so 0.92 is > 2 sd below
            assertTrue(coverage >= 0.92, "pi1 = " + pi1 + ": coverage " + coverage);
            // clipping at 0 biases the mean up when pi1 = 0; elsewhere the estimate is centred
            assertEquals(pi1, meanEstimate, pi1 == 0 ? 0.04 : 0.015, "pi1 = " + pi1 + ": mean estimate");
        }
    }

    @Test
    void aboveLambda_isTheRandomisedPValuesChanceOfExceedingHalf() {
        assertEquals(1.0, WatermarkedFraction.aboveLambda(Math.log10(0.9), Math.log10(0.6)));
        assertEquals(0.0, WatermarkedFraction.aboveLambda(Math.log10(0.4), Math.log10(0.1)));
        // p~ uniform on [0.3, 0.7]: P(p~ > 0.5) = 0.5
        assertEquals(0.5, WatermarkedFraction.aboveLambda(Math.log10(0.7), Math.log10(0.3)), 1e-12);
        // continuous statistic: the indicator itself
        assertEquals(1.0, WatermarkedFraction.aboveLambda(Math.log10(0.51), Math.log10(0.51)));
    }

    @Test
    void noDocuments_givesNoEstimate() {
        assertTrue(Double.isNaN(WatermarkedFraction.estimate(0, 0).fraction()));
    }
}
