package dev.telltale.corpus.eval;

import dev.telltale.corpus.eval.Completions.Sample;
import dev.telltale.detect.Detector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Power: true-positive rate against text length at p ≤ 1e-3 and p ≤ 1e-6, per scheme and temperature. */
final class PowerEval {
    static final double[] ALPHAS = {1e-3, 1e-6};
    /** Stated bound: TPR at 200 tokens, temperature 1.0, p ≤ 1e-6. */
    static final double MIN_TPR_200 = 0.9;

    /**
     * TPR of one scheme at one temperature.
     *
     * @param tpr [alpha][length] fraction of completions whose first {@code lengths[j]} tokens reach p ≤ α
     * @param medianLog10P [length] median log10 p
     */
    record Curve(String scheme, double temperature, int completions, int[] lengths, double[][] tpr, double[] medianLog10P) {}

    private PowerEval() {}

    static Curve curve(EvalContext ctx, String scheme, double temperature, List<Sample> samples, int maxTokens) {
        int[] lengths = Arrays.stream(ctx.sizes.lengths()).filter(l -> l <= maxTokens).toArray();
        double[][] log10p = new double[lengths.length][samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            Detector d = new Detector(s.key(), ctx.tokenizer, Detector.DEFAULT_ALPHA);
            int[] ids = d.tokenize(s.text());
            for (int j = 0; j < lengths.length; j++) {
                log10p[j][i] = d.detectIds(Arrays.copyOf(ids, Math.min(ids.length, lengths[j]))).log10PValue();
            }
        }
        double[][] tpr = new double[ALPHAS.length][lengths.length];
        double[] median = new double[lengths.length];
        for (int j = 0; j < lengths.length; j++) {
            for (int a = 0; a < ALPHAS.length; a++) {
                tpr[a][j] = Stats.fractionAtMost(log10p[j], Math.log10(ALPHAS[a]));
            }
            median[j] = Stats.median(log10p[j]);
        }
        return new Curve(scheme, temperature, samples.size(), lengths, tpr, median);
    }

    static void check(List<Curve> curves, List<Check> checks) {
        for (Curve c : curves) {
            int j = indexOf(c.lengths(), 200);
            if (c.temperature() == 1.0 && j >= 0) {
                double v = c.tpr()[1][j];
                checks.add(new Check("power " + c.scheme() + " 200 tokens T=1.0 p<=1e-6", v >= MIN_TPR_200,
                        String.format(Locale.ROOT, "TPR %.3f of %d (bound >= %.2f)", v, c.completions(), MIN_TPR_200)));
            }
        }
    }

    static String markdown(List<Curve> curves, double temperature) {
        List<Curve> cs = curves.stream().filter(c -> c.temperature() == temperature).toList();
        StringBuilder sb = new StringBuilder();
        sb.append("| tokens |");
        cs.forEach(c -> sb.append(' ').append(c.scheme()).append(" |"));
        sb.append("\n|---:|");
        cs.forEach(c -> sb.append("---|"));
        sb.append('\n');
        for (int j = 0; j < cs.get(0).lengths().length; j++) {
            sb.append("| ").append(cs.get(0).lengths()[j]).append(" |");
            for (Curve c : cs) {
                sb.append(String.format(Locale.ROOT, " %.2f / %.2f (%.1f) |", c.tpr()[0][j], c.tpr()[1][j], c.medianLog10P()[j]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
