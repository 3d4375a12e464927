package dev.telltale.corpus.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.telltale.core.SchemeParameters;
import dev.telltale.core.WatermarkKey;
import dev.telltale.detect.Detection;
import dev.telltale.detect.Detector;
import dev.telltale.detect.TokenScorer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Calibration: the false-positive rate on human text against the nominal α. Each trial is a random
 * {@code segmentTokens}-token segment of a Brown document tested under its own random key, so trials are
 * independent (given the text, p-values under independent keys are independent) and Clopper–Pearson
 * intervals apply. With {@code segmentsPerKey} > 1 a key's trials would share its green list or scores of
 * common n-grams, which widens the spread of the FPR beyond the binomial one (seen with Gumbel scores: a
 * frequent tuple with a large score lifts every segment containing it). Reported with exact intervals next
 * to the exact size of the discrete test, the FPR a perfect null would give.
 */
final class CalibrationEval {
    static final double[] ALPHAS = {1e-1, 1e-2, 1e-3, 1e-4};
    /** Confidence of the interval the check uses (the table shows 95%). */
    static final double CHECK_CONFIDENCE = 0.999;

    /**
     * One (scheme, α) cell.
     *
     * @param expected mean exact size of the test over the trials (≤ α; = α for a continuous statistic)
     */
    record Row(String scheme, double alpha, long trials, long falsePositives, double expected, double[] ci95, double[] ciCheck) {
        @JsonProperty("fpr")
        double fpr() {
            return (double) falsePositives / trials;
        }

        @JsonProperty("size_in_interval")
        boolean ok() {
            return ciCheck[0] <= expected && expected <= ciCheck[1];
        }
    }

    private CalibrationEval() {}

    static List<Row> run(EvalContext ctx, SchemeParameters scheme) throws Exception {
        List<int[]> segments = segments(ctx);
        int keys = ctx.sizes.calibrationKeys();
        int per = ctx.sizes.segmentsPerKey();
        SplittableRandom r = ctx.random("calibration/" + scheme.schemeId());
        WatermarkKey[] k = new WatermarkKey[keys];
        int[][] picks = new int[keys][per];
        for (int i = 0; i < keys; i++) {
            k[i] = ctx.key(scheme, r);
            for (int j = 0; j < per; j++) {
                picks[i][j] = r.nextInt(segments.size());
            }
        }
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long[] fp = new long[ALPHAS.length];
        double[] expected = new double[ALPHAS.length];
        try {
            List<Future<double[]>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int from = keys * t / threads;
                int to = keys * (t + 1) / threads;
                parts.add(pool.submit(() -> block(ctx, k, picks, segments, from, to)));
            }
            for (Future<double[]> f : parts) {
                double[] p = f.get();
                for (int a = 0; a < ALPHAS.length; a++) {
                    fp[a] += (long) p[a];
                    expected[a] += p[ALPHAS.length + a];
                }
            }
        } finally {
            pool.shutdownNow();
        }
        long n = (long) keys * per;
        List<Row> rows = new ArrayList<>();
        for (int a = 0; a < ALPHAS.length; a++) {
            rows.add(new Row(scheme.schemeId(), ALPHAS[a], n, fp[a], expected[a] / n, Stats.clopperPearson(fp[a], n, 0.95),
                    Stats.clopperPearson(fp[a], n, CHECK_CONFIDENCE)));
        }
        return rows;
    }

    /** [false positives per α..., summed exact sizes per α...] over keys [from, to). */
    private static double[] block(EvalContext ctx, WatermarkKey[] keys, int[][] picks, List<int[]> segments, int from, int to) {
        double[] out = new double[2 * ALPHAS.length];
        Map<Long, double[]> sizeByT = new HashMap<>();
        double[] log10Alpha = Arrays.stream(ALPHAS).map(Math::log10).toArray();
        for (int i = from; i < to; i++) {
            Detector d = new Detector(keys[i], ctx.tokenizer, Detector.DEFAULT_ALPHA);
            TokenScorer scorer = d.scorer();
            for (int s : picks[i]) {
                Detection det = d.detectIds(segments.get(s));
                double[] size = sizeByT.computeIfAbsent(det.tokensScored(),
                        t -> Arrays.stream(ALPHAS).map(a -> Stats.exactSize(scorer, t, a)).toArray());
                for (int a = 0; a < ALPHAS.length; a++) {
                    out[a] += det.log10PValue() <= log10Alpha[a] ? 1 : 0;
                    out[ALPHAS.length + a] += size[a];
                }
            }
        }
        return out;
    }

    /** Non-overlapping segments of every Brown document (human text; the key is independent of it). */
    static List<int[]> segments(EvalContext ctx) {
        int len = ctx.sizes.segmentTokens();
        List<int[]> out = new ArrayList<>();
        for (int[] doc : ctx.brown) {
            for (int at = 0; at + len <= doc.length; at += len) {
                out.add(Arrays.copyOfRange(doc, at, at + len));
            }
        }
        return out;
    }

    static void check(List<Row> rows, List<Check> checks) {
        for (Row r : rows) {
            checks.add(new Check(String.format(Locale.ROOT, "calibration %s alpha=%.0e", r.scheme(), r.alpha()), r.ok(),
                    String.format(Locale.ROOT, "FPR %d/%d = %.2e, %.1f%% CI [%.2e, %.2e] must contain the exact size %.2e",
                            r.falsePositives(), r.trials(), r.fpr(), 100 * CHECK_CONFIDENCE, r.ciCheck()[0], r.ciCheck()[1],
                            r.expected())));
        }
    }

    static String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| scheme | α | false positives / tests | FPR | 95% interval (Clopper–Pearson) | exact size of the test | α in interval | size in 99.9% interval |\n");
        sb.append("|---|---:|---:|---:|---|---:|:---:|:---:|\n");
        for (Row r : rows) {
            boolean alphaIn = r.ci95()[0] <= r.alpha() && r.alpha() <= r.ci95()[1];
            sb.append(String.format(Locale.ROOT, "| %s | %.0e | %d / %d | %.2e | [%.2e, %.2e] | %.2e | %s | %s |%n", r.scheme(),
                    r.alpha(), r.falsePositives(), r.trials(), r.fpr(), r.ci95()[0], r.ci95()[1], r.expected(),
                    alphaIn ? "yes" : "no", r.ok() ? "yes" : "**no**"));
        }
        return sb.toString();
    }
}
