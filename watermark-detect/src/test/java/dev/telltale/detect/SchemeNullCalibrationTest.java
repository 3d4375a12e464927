package dev.telltale.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.core.SchemeParameters;
import dev.telltale.core.Schemes;
import dev.telltale.core.SynthIdParameters;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.embed.DefaultModels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The null hypothesis of every native scheme on human text, as {@link KgwNullCalibrationTest} does for KGW:
 * Brown segments of 200 tokens scored under random keys. Unlike KGW's 24 keys × 250 segments, keys here are
 * many and segments per key few (quick: 1,500 × 4; {@code -Dtelltale.full=true}: 6,000 × 4), because a
 * unigram list or a self-anchored token makes segments under one key share much of their score.
 *
 * <p>Checks: the mean per-position score equals its null mean (γ, 1, or m/2) within 4 standard errors across
 * keys; the false-positive rate at α = 0.01 lies in the 99.9% binomial interval around the test's exact size
 * (α itself for the continuous Gamma tail; a little less for the discrete binomial tails).
 */
class SchemeNullCalibrationTest {
    private static final boolean FULL = Boolean.getBoolean("telltale.full");
    private static final int KEYS = FULL ? 6000 : 1500;
    private static final int SEGMENTS_PER_KEY = 4;
    private static final int SEGMENT = 200;
    private static final double ALPHA = 0.01;
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

    static Stream<Arguments> schemes() {
        return Stream.of(
                Arguments.of(Schemes.UNIGRAM_V1, 0.25),
                Arguments.of(Schemes.KGW_SELFHASH_V1, 0.25),
                Arguments.of(Schemes.GUMBEL_V1, 1.0),
                Arguments.of(Schemes.SYNTHID_V1, 15.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemes")
    void meanScoreAndFalsePositiveRate_onHumanText_matchTheNull(SchemeParameters scheme, double nullMean) {
        SplittableRandom r = new SplittableRandom(31 + scheme.schemeId().hashCode());
        double[] perKeyMean = new double[KEYS];
        int trials = 0;
        int positives = 0;
        double expected = 0;
        Map<Long, Double> sizeByT = new HashMap<>();
        for (int k = 0; k < KEYS; k++) {
            byte[] s = new byte[32];
            r.nextBytes(s);
            Detector d = new Detector(WatermarkKey.fromSecret(s, scheme, qwen.ref(), Instant.EPOCH), qwen, ALPHA);
            double score = 0;
            long scored = 0;
            for (int i = 0; i < SEGMENTS_PER_KEY; i++) {
                Detection res = d.detectIds(segments.get(r.nextInt(segments.size())));
                trials++;
                positives += res.pValue() <= ALPHA ? 1 : 0;
                expected += sizeByT.computeIfAbsent(res.tokensScored(), t -> exactSize(d.scorer(), scheme, t));
                score += res.score();
                scored += res.tokensScored();
            }
            perKeyMean[k] = score / scored;
        }
        double mean = Arrays.stream(perKeyMean).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(perKeyMean).map(x -> (x - mean) * (x - mean)).sum() / (KEYS - 1));
        double size = expected / trials;
        double fpr = (double) positives / trials;
        double halfWidth = 3.29 * Math.sqrt(size * (1 - size) / trials);
        System.out.printf("%s null: mean score %.5f (null %.2f, sd across keys %.4f); FPR %.5f (%d/%d) at alpha %.2f, "
                        + "exact size %.5f, 99.9%% interval ±%.5f%n", scheme.schemeId(), mean, nullMean, sd, fpr, positives,
                trials, ALPHA, size, halfWidth);
        assertEquals(nullMean, mean, 4 * sd / Math.sqrt(KEYS), "mean per-position score under H0");
        assertTrue(size <= ALPHA * (1 + 1e-9) && size > ALPHA / 3, "exact size " + size);
        assertTrue(Math.abs(fpr - size) <= halfWidth,
                String.format("FPR %.5f over %d trials, expected %.5f ± %.5f", fpr, trials, size, halfWidth));
    }

    /**
     * P(p ≤ α | H0) over T scored positions: α for the continuous Gamma tail; for the binomial tails the tail
     * at the smallest integer score whose p-value is ≤ α (found by bisection: the tail falls as the score grows).
     */
    static double exactSize(TokenScorer scorer, SchemeParameters scheme, long t) {
        if (scheme.schemeId().equals("gumbel")) {
            return ALPHA;
        }
        return exactSize(scorer, t, scheme instanceof SynthIdParameters p ? t * p.layers() : t, ALPHA);
    }

    /**
     * The exact size of a test with an integer-valued statistic in [0, max] at level α over T scored positions:
     * the tail at the smallest score whose p-value is ≤ α (0 if none).
     */
    static double exactSize(TokenScorer scorer, long t, long max, double alpha) {
        double logAlpha = Math.log10(alpha);
        if (t == 0 || scorer.log10PValue(t, max) > logAlpha) {
            return 0;
        }
        long lo = 0;
        long hi = max; // invariant: tail(hi) ≤ α
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (scorer.log10PValue(t, mid) <= logAlpha) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return Math.pow(10, scorer.log10PValue(t, hi));
    }
}
