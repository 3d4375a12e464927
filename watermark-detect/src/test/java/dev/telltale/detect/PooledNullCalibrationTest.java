package dev.telltale.detect;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.core.HfSynthIdParameters;
import dev.telltale.core.SchemeParameters;
import dev.telltale.core.SynthIdParameters;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.embed.DefaultModels;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The null hypothesis of pooled tests for the sequence-scored schemes, on human text: each trial draws a
 * fresh key and pools five Brown segments in which tuples repeat across texts — segments A, B, C, A again,
 * and B' overlapping B (shifted by 40 % of a segment).
 *
 * <p>Checks, over the trials: the false-positive rate at α = 0.01 lies in the 99.99% binomial interval around
 * the test's exact size at each trial's T (a little under α: the tails are discrete), and the randomised
 * p-values {@code P(X > s) + U·P(X = s)} — exactly uniform for an exact discrete test — pass a
 * Kolmogorov–Smirnov test at level 1e-4 (twelve checks per run, so a strict level per check). The native
 * schemes' tails are exact: both checks are two-sided. The HF modes' tails are exact or conservative
 * (HF KGW: positions sharing a seed read one permutation; hf-synthid: its table's 2^16 patterns average
 * 14.989 ones of 30, not 15), so there the checks are one-sided: no excess of false positives, no excess of
 * small p-values. The same trials scored without the pool's cross-text dedup (the sum of the five texts' own
 * detections) must fail a check for the native schemes, where the trials are many: otherwise these checks
 * could not see a broken dedup.
 *
 * <p>Trials (quick / {@code -Dtelltale.full=true}): 2,000 / 10,000 of 100-token segments for the native
 * schemes, one key each; fewer for the HF modes, whose keys are costly to set up (a 1,000,003-entry permutation for
 * selfhash, 2^16 g-value patterns for SynthID) and whose green decisions cost one generator draw per
 * green-list entry (O(γV)): in quick mode the hf-kgw cases run with greenlist_ratio 0.05 and 50-token
 * segments, in full mode with HF's default 0.25 and 100-token segments.
 */
class PooledNullCalibrationTest {
    private static final boolean FULL = Boolean.getBoolean("telltale.full");
    private static final double ALPHA = 0.01;
    private static final int MAX_SEGMENT = 100;
    private static TextTokenizer qwen;
    private static List<int[]> docs;

    @BeforeAll
    static void load() {
        qwen = Tokenizers.load("qwen3");
        docs = DefaultModels.brownIds(qwen).stream().filter(d -> d.length >= 3 * MAX_SEGMENT).toList();
        assertTrue(docs.size() > 400, docs.size() + " Brown documents");
    }

    static Stream<Arguments> cases() {
        int s = FULL ? 5 : 1;
        int hfSegment = FULL ? 100 : 50;
        double ratio = FULL ? 0.25 : 0.05;
        return Stream.of(Arguments.of("kgw-selfhash", 2000 * s, 1, 100, 0.25), Arguments.of("synthid", 2000 * s, 1, 100, 0.25),
                Arguments.of("hf-kgw-lefthash", 300 * s, 1, hfSegment, ratio),
                Arguments.of("hf-kgw-selfhash-w1", 150 * s, 1, hfSegment, ratio),
                Arguments.of("hf-kgw-selfhash-w4", 150 * s, 1, hfSegment, ratio),
                Arguments.of("hf-synthid", 400 * s, 5, 100, 0.25));
    }

    /**
     * @param trialsPerKey pools tested under one key: 1, except hf-synthid (5), whose key costs 2^16 g-value
     *                     patterns; its pools share a unit only when they share a 5-gram or, by chance, a
     *                     residue (about 2 of ~340 units), so they are nearly independent
     */
    @ParameterizedTest(name = "{0}: {1} trials ({2} per key), segments of {3}, hf greenlist_ratio {4}")
    @MethodSource("cases")
    void pooledPValues_onHumanTextWithRepeats_areCalibrated(String scheme, int trials, int trialsPerKey, int segment,
            double ratio) {
        SplittableRandom r = new SplittableRandom(77 + scheme.hashCode());
        int shift = segment * 2 / 5;
        double[] pooled = new double[trials];
        double[] naive = new double[trials];
        Stats pooledStats = new Stats();
        Stats naiveStats = new Stats();
        boolean native_ = !scheme.startsWith("hf-");
        WatermarkKey key = null;
        Detector detector = null;
        for (int i = 0; i < trials; i++) {
            if (i % trialsPerKey == 0) {
                key = SequenceSchemeKeys.random(scheme, qwen, r, ratio);
                detector = new Detector(key, qwen, ALPHA);
            }
            int[] doc = docs.get(r.nextInt(docs.size()));
            int from = r.nextInt(doc.length - segment - shift + 1);
            int[] b = Arrays.copyOfRange(doc, from, from + segment);
            int[] b2 = Arrays.copyOfRange(doc, from + shift, from + shift + segment);
            int[] a = segment(r, segment);
            int[] c = segment(r, segment);
            PooledDetector pool = new PooledDetector(detector);
            for (int[] text : List.of(a, b, c, a, b2)) {
                pool.addIds(text);
            }
            Detection d = pool.result();
            pooled[i] = pooledStats.add(detector.scorer(), key.scheme(), d.tokensScored(), d.score(), r);
            if (native_) {
                long t = 0;
                double score = 0;
                for (int[] text : List.of(a, b, c, a, b2)) {
                    Detection one = detector.detectIds(text);
                    t += one.tokensScored();
                    score += one.score();
                }
                naive[i] = naiveStats.add(detector.scorer(), key.scheme(), t, score, r);
            }
        }
        boolean ok = pooledStats.report(scheme + " pooled", pooled, !native_);
        assertTrue(ok, scheme + ": pooled p-values off the null (see the line printed above)");
        if (native_) {
            boolean naiveOk = naiveStats.report(scheme + " without cross-text dedup", naive, false);
            assertTrue(!naiveOk, scheme + ": the checks should reject p-values computed without the pool's dedup");
        }
    }

    private static int[] segment(SplittableRandom r, int length) {
        int[] doc = docs.get(r.nextInt(docs.size()));
        int from = r.nextInt(doc.length - length + 1);
        return Arrays.copyOfRange(doc, from, from + length);
    }

    /** Accumulates the FPR, the exact size and randomised p-values of one series of trials. */
    private static final class Stats {
        int positives;
        double expectedSize;
        int trials;

        /** Records one trial; returns its randomised p-value. */
        double add(TokenScorer scorer, SchemeParameters scheme, long t, double score, SplittableRandom r) {
            long s = Math.round(score);
            long max = t * perPositionMax(scheme);
            double tail = Math.pow(10, scorer.log10PValue(t, s));
            double above = s + 1 > max ? 0 : Math.pow(10, scorer.log10PValue(t, s + 1));
            trials++;
            positives += tail <= ALPHA ? 1 : 0;
            expectedSize += SchemeNullCalibrationTest.exactSize(scorer, t, max, ALPHA);
            return above + r.nextDouble() * (tail - above);
        }

        /**
         * Prints the figures; true if the FPR and the KS statistic are inside their bounds (with {@code oneSided},
         * only the bounds against too many false positives and too many small p-values).
         */
        boolean report(String label, double[] p, boolean oneSided) {
            double size = expectedSize / trials;
            double fpr = (double) positives / trials;
            double halfWidth = 3.89 * Math.sqrt(size * (1 - size) / trials); // 99.99%
            double[] d = ksUniform(p);
            double ks = oneSided ? d[0] : Math.max(d[0], d[1]);
            double ksCritical = (oneSided ? 2.146 : 2.226) / Math.sqrt(trials); // P(D > c) = 1e-4
            boolean fprOk = oneSided ? fpr - size <= halfWidth : Math.abs(fpr - size) <= halfWidth;
            boolean ksOk = ks <= ksCritical;
            System.out.printf("%s: FPR %.4f (%d/%d) at alpha %.2f, exact size %.4f ± %.4f (99.99%%%s) %s; KS %s %.4f "
                            + "(critical %.4f at 1e-4) %s%n", label, fpr, positives, trials, ALPHA, size, halfWidth,
                    oneSided ? ", one-sided" : "", fprOk ? "ok" : "OUTSIDE", oneSided ? "D+" : "D", ks, ksCritical,
                    ksOk ? "ok" : "REJECTED");
            return fprOk && ksOk;
        }
    }

    private static long perPositionMax(SchemeParameters scheme) {
        if (scheme instanceof SynthIdParameters p) {
            return p.layers();
        }
        return scheme instanceof HfSynthIdParameters p ? p.depth() : 1;
    }

    /**
     * Kolmogorov–Smirnov distances between the sample's CDF F and U(0, 1): {D+ = sup (F(x) − x), D− = sup (x − F(x))};
     * D+ measures an excess of small p-values.
     */
    private static double[] ksUniform(double[] sample) {
        double[] p = sample.clone();
        Arrays.sort(p);
        double plus = 0;
        double minus = 0;
        for (int i = 0; i < p.length; i++) {
            plus = Math.max(plus, (i + 1.0) / p.length - p[i]);
            minus = Math.max(minus, p[i] - (double) i / p.length);
        }
        return new double[] {plus, minus};
    }
}
