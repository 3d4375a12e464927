package dev.telltale.corpus.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.telltale.core.SchemeParameters;
import dev.telltale.corpus.eval.Completions.Sample;
import dev.telltale.detect.Detector;
import dev.telltale.detect.WindowedDetection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A watermarked passage pasted into held-out human text: whole-text against windowed detection
 * ({@code detect --windowed}: best window, Bonferroni-corrected). Two experiments:
 * <ul>
 *   <li>fractions 5, 10 and 25 % of a {@code pasteTotal}-token text: detection rates at p ≤ 1e-3;</li>
 *   <li>ROC: 200-token passages in 2,000-token texts against 2,000-token human texts under random keys;
 *       AUC of the corrected window p-value (and of the whole-text p-value for contrast).</li>
 * </ul>
 * The passage goes in at a random token position; the spliced ids are decoded and detected from the text.
 */
final class PasteEval {
    static final double ALPHA = 1e-3;
    static final double[] FRACTIONS = {0.05, 0.10, 0.25};
    static final double MIN_AUC = 0.95;

    /** Detection rates for one scheme and fraction. */
    record Rates(String scheme, double fraction, int total, int texts, double wholeTpr, double windowedTpr, double medianWindowed) {}

    /** ROC experiment of one scheme: log10 p of positives and negatives, whole text and corrected window. */
    record Roc(String scheme, double[] posWhole, double[] posWindow, double[] negWhole, double[] negWindow) {
        @JsonProperty("auc_windowed")
        double aucWindow() {
            return Stats.auc(negate(posWindow), negate(negWindow));
        }

        @JsonProperty("auc_whole")
        double aucWhole() {
            return Stats.auc(negate(posWhole), negate(negWhole));
        }

        private static double[] negate(double[] a) {
            return Arrays.stream(a).map(x -> -x).toArray();
        }
    }

    private PasteEval() {}

    static List<Rates> rates(EvalContext ctx, String scheme, List<Sample> samples) {
        List<Rates> out = new ArrayList<>();
        int total = ctx.sizes.pasteTotal();
        List<int[]> hosts = hosts(ctx, total);
        for (double f : FRACTIONS) {
            int len = (int) Math.round(f * total);
            SplittableRandom r = ctx.random("paste/" + scheme + "/" + f);
            double[] whole = new double[samples.size()];
            double[] window = new double[samples.size()];
            for (int i = 0; i < samples.size(); i++) {
                Sample s = samples.get(i);
                Detector d = new Detector(s.key(), ctx.tokenizer, ALPHA);
                int[] ids = d.tokenize(s.text());
                int[] passage = Arrays.copyOf(ids, Math.min(len, ids.length));
                WindowedDetection w = d.detectWindowed(splice(ctx, hosts.get(r.nextInt(hosts.size())), passage, total, r));
                whole[i] = w.whole().log10PValue();
                window[i] = w.log10PValue();
            }
            double t = Math.log10(ALPHA);
            out.add(new Rates(scheme, f, total, samples.size(), Stats.fractionAtMost(whole, t), Stats.fractionAtMost(window, t),
                    Stats.median(window)));
        }
        return out;
    }

    static Roc roc(EvalContext ctx, SchemeParameters scheme, List<Sample> samples) {
        int total = Sizes.AUC_TOTAL;
        int len = Sizes.AUC_PASSAGE;
        List<int[]> hosts = hosts(ctx, total);
        SplittableRandom r = ctx.random("roc/" + scheme.schemeId());
        List<double[]> pos = new ArrayList<>();
        for (Sample s : samples) {
            Detector d = new Detector(s.key(), ctx.tokenizer, ALPHA);
            int[] ids = d.tokenize(s.text());
            for (int from = 0; from + len <= ids.length; from += len) { // disjoint passages of one completion
                int[] passage = Arrays.copyOfRange(ids, from, from + len);
                WindowedDetection w = d.detectWindowed(splice(ctx, hosts.get(r.nextInt(hosts.size())), passage, total, r));
                pos.add(new double[] {w.whole().log10PValue(), w.log10PValue()});
            }
        }
        int negatives = ctx.sizes.aucNegatives();
        double[] negWhole = new double[negatives];
        double[] negWindow = new double[negatives];
        for (int i = 0; i < negatives; i++) {
            Detector d = new Detector(ctx.key(scheme, r), ctx.tokenizer, ALPHA);
            WindowedDetection w = d.detectWindowed(ctx.tokenizer.decode(hosts.get(i % hosts.size())));
            negWhole[i] = w.whole().log10PValue();
            negWindow[i] = w.log10PValue();
        }
        return new Roc(scheme.schemeId(), pos.stream().mapToDouble(p -> p[0]).toArray(), pos.stream().mapToDouble(p -> p[1]).toArray(),
                negWhole, negWindow);
    }

    /** The first {@code total} tokens of held-out documents that have that many. */
    private static List<int[]> hosts(EvalContext ctx, int total) {
        List<int[]> out = new ArrayList<>();
        for (int[] d : ctx.heldOut) {
            if (d.length >= total) {
                out.add(Arrays.copyOf(d, total));
            }
        }
        return out;
    }

    /** Human text of {@code total} tokens with {@code passage} at a random token position, decoded. */
    private static String splice(EvalContext ctx, int[] host, int[] passage, int total, SplittableRandom r) {
        int keep = total - passage.length;
        int at = r.nextInt(keep + 1);
        int[] ids = new int[total];
        System.arraycopy(host, 0, ids, 0, at);
        System.arraycopy(passage, 0, ids, at, passage.length);
        System.arraycopy(host, at, ids, at + passage.length, keep - at);
        return ctx.tokenizer.decode(ids);
    }

    static void check(List<Roc> rocs, boolean quick, List<Check> checks) {
        double bound = quick ? 0.9 : MIN_AUC;
        for (Roc r : rocs) {
            double auc = r.aucWindow();
            checks.add(new Check("windowed ROC-AUC, 10% pasted in 2,000 tokens (" + r.scheme() + ")", auc >= bound,
                    String.format(Locale.ROOT, "AUC %.4f over %d passages / %d human texts (bound >= %.2f%s)", auc, r.posWindow().length,
                            r.negWindow().length, bound, quick ? ", quick mode; full runs are held to 0.95" : "")));
        }
    }

    static String ratesMarkdown(List<Rates> rates, List<String> schemes) {
        StringBuilder sb = new StringBuilder("| passage | ");
        schemes.forEach(s -> sb.append(s).append(" | "));
        sb.append("\n|---|");
        schemes.forEach(s -> sb.append("---|"));
        sb.append('\n');
        for (double f : FRACTIONS) {
            Rates first = rates.stream().filter(x -> x.fraction() == f).findFirst().orElseThrow();
            sb.append(String.format(Locale.ROOT, "| %d%% of %d tokens |", Math.round(f * 100), first.total()));
            for (String s : schemes) {
                Rates x = rates.stream().filter(y -> y.scheme().equals(s) && y.fraction() == f).findFirst().orElseThrow();
                sb.append(String.format(Locale.ROOT, " %.2f → %.2f (%.1f) |", x.wholeTpr(), x.windowedTpr(), x.medianWindowed()));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String rocMarkdown(List<Roc> rocs) {
        StringBuilder sb = new StringBuilder("| scheme | passages / human texts | AUC windowed (corrected p) | AUC whole text | "
                + "windowed TPR at 1e-3 | windowed FPR at 1e-2 | windowed FPR at 1e-3 |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (Roc r : rocs) {
            sb.append(String.format(Locale.ROOT, "| %s | %d / %d | %.4f | %.4f | %.3f | %.3f | %.3f |%n", r.scheme(), r.posWindow().length,
                    r.negWindow().length, r.aucWindow(), r.aucWhole(), Stats.fractionAtMost(r.posWindow(), -3),
                    Stats.fractionAtMost(r.negWindow(), -2), Stats.fractionAtMost(r.negWindow(), -3)));
        }
        return sb.toString();
    }
}
