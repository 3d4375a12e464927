package dev.telltale.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.core.ExactTails;
import dev.telltale.core.Schemes;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.embed.DefaultModels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The null hypothesis on real human text: Brown corpus segments of 200 tokens, scored under many random
 * keys. Quick mode (default) uses 24 keys; {@code -Dtelltale.full=true} uses 240.
 */
class KgwNullCalibrationTest {
    private static final boolean FULL = Boolean.getBoolean("telltale.full");
    private static final int KEYS = FULL ? 240 : 24;
    private static final int SEGMENT = 200;
    private static TextTokenizer qwen;
    private static List<int[]> segments;

    @BeforeAll
    static void load() {
        qwen = Tokenizers.load("qwen3");
        segments = new ArrayList<>();
        for (int[] doc : DefaultModels.brownIds(qwen)) {
            for (int from = 0; from + SEGMENT <= doc.length; from += SEGMENT) {
                segments.add(Arrays.copyOfRange(doc, from, from + SEGMENT));
            }
        }
        assertTrue(segments.size() > 5000, "Brown gives " + segments.size() + " segments");
    }

    @Test
    void greenFraction_onHumanText_isGamma_overManyKeys() {
        SplittableRandom r = new SplittableRandom(11);
        double[] perKey = new double[KEYS];
        for (int k = 0; k < KEYS; k++) {
            Detector d = new Detector(randomKey(r), qwen, 0.01);
            long green = 0;
            long scored = 0;
            for (int i = 0; i < 400; i++) {
                Detection res = d.detectIds(segments.get(r.nextInt(segments.size())));
                green += (long) res.score();
                scored += res.tokensScored();
            }
            perKey[k] = (double) green / scored;
        }
        double mean = Arrays.stream(perKey).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(perKey).map(x -> (x - mean) * (x - mean)).sum() / (KEYS - 1));
        // Tolerance: 4 standard errors of the mean across keys (keys are independent; segments under one
        // key share common n-grams, so the per-key spread is the honest unit), and never looser than 0.005.
        System.out.printf("KGW null: mean green fraction %.5f over %d keys (sd across keys %.5f)%n", mean, KEYS, sd);
        double tol = Math.min(0.005, 4 * sd / Math.sqrt(KEYS));
        assertEquals(0.25, mean, Math.max(tol, 1e-3), "mean green fraction " + mean + " (sd across keys " + sd + ")");
    }

    @Test
    void falsePositiveRate_atAlpha001_liesInsideItsBinomialInterval() {
        double alpha = 0.01;
        SplittableRandom r = new SplittableRandom(12);
        int trials = 0;
        int positives = 0;
        double expected = 0; // Σ exact size of the discrete test at each trial's T
        for (int k = 0; k < KEYS; k++) {
            Detector d = new Detector(randomKey(r), qwen, alpha);
            for (int i = 0; i < 250; i++) {
                Detection res = d.detectIds(segments.get(r.nextInt(segments.size())));
                trials++;
                positives += res.pValue() <= alpha ? 1 : 0;
                expected += exactSize(res.tokensScored(), 0.25, alpha);
            }
        }
        double size = expected / trials; // the test's exact level, a little under α because counts are discrete
        assertTrue(size <= alpha && size > alpha / 3, "exact size " + size);
        double fpr = (double) positives / trials;
        System.out.printf("KGW null: FPR %.5f (%d/%d) at alpha %.2f, exact size of the discrete test %.5f%n", fpr, positives,
                trials, alpha, size);
        // 99.9% interval of Binomial(trials, size), widened by 1.5x for the mild dependence between segments
        // that share n-grams under one key.
        double halfWidth = 1.5 * 3.29 * Math.sqrt(size * (1 - size) / trials);
        assertTrue(Math.abs(fpr - size) <= halfWidth,
                String.format("FPR %.5f over %d trials, expected %.5f ± %.5f", fpr, trials, size, halfWidth));
        assertTrue(fpr <= alpha + halfWidth, "FPR must not exceed alpha: " + fpr);
    }

    /** P(reject) under H0 for a test at level α over T scored tokens: P(X ≥ s*) with s* the smallest count with tail ≤ α. */
    static double exactSize(long t, double gamma, double alpha) {
        double logAlpha = Math.log10(alpha);
        for (long s = 0; s <= t; s++) {
            double lp = ExactTails.log10BinomialUpperTail(t, s, gamma);
            if (lp <= logAlpha) {
                return Math.pow(10, lp);
            }
        }
        return 0;
    }

    private static WatermarkKey randomKey(SplittableRandom r) {
        byte[] s = new byte[32];
        r.nextBytes(s);
        return WatermarkKey.fromSecret(s, Schemes.KGW_V1, qwen.ref(), Instant.EPOCH);
    }
}
