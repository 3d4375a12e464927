package dev.telltale.corpus.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.telltale.core.TextNormalizer;
import dev.telltale.corpus.eval.Completions.Sample;
import dev.telltale.detect.Detector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Robustness: detection of attacked watermarked texts ({@code robustTokens} tokens of temperature-1.0
 * completions), with the default normaliser (NFC) and with the robust set.
 */
final class RobustnessEval {
    static final double ALPHA = 1e-6;

    /**
     * One (scheme, attack) cell.
     *
     * @param log10p        [text] log10 p with the default normaliser
     * @param log10pRobust  [text] log10 p with {@link TextNormalizer#ROBUST}
     */
    record Cell(String scheme, Attack attack, double[] log10p, double[] log10pRobust) {
        double tpr(boolean robust) {
            return Stats.fractionAtMost(robust ? log10pRobust : log10p, Math.log10(ALPHA));
        }

        double median(boolean robust) {
            return Stats.median(robust ? log10pRobust : log10p);
        }

        @JsonProperty("tpr_at_1e-6")
        double tprDefault() {
            return tpr(false);
        }

        @JsonProperty("tpr_at_1e-6_robust_normalizers")
        double tprRobust() {
            return tpr(true);
        }
    }

    private RobustnessEval() {}

    static List<Attack> attacks() {
        List<Attack> a = new ArrayList<>();
        a.add(Attack.of(Attack.Kind.NONE, 0));
        for (Attack.Kind k : new Attack.Kind[] {Attack.Kind.SUBSTITUTE, Attack.Kind.DELETE, Attack.Kind.INSERT, Attack.Kind.SYNONYM}) {
            for (double rate : new double[] {0.1, 0.3, 0.5}) {
                a.add(Attack.of(k, rate));
            }
        }
        a.add(Attack.of(Attack.Kind.UPPERCASE, 1));
        a.add(Attack.of(Attack.Kind.WORD_CASE, 0.3));
        for (Attack.Kind k : new Attack.Kind[] {Attack.Kind.WHITESPACE, Attack.Kind.HOMOGLYPH, Attack.Kind.ZERO_WIDTH}) {
            a.add(Attack.of(k, 0.1));
            a.add(Attack.of(k, 0.5));
        }
        a.add(Attack.of(Attack.Kind.HOMOGLYPH, 1.0));
        a.add(Attack.of(Attack.Kind.TRUNCATE, 0.25));
        a.add(Attack.of(Attack.Kind.TRUNCATE, 0.5));
        return a;
    }

    static List<Cell> run(EvalContext ctx, String scheme, List<Sample> samples) {
        List<Attack> attacks = attacks();
        int n = samples.size();
        double[][] plain = new double[attacks.size()][n];
        double[][] robust = new double[attacks.size()][n];
        for (int i = 0; i < n; i++) {
            Sample s = samples.get(i);
            Detector d = new Detector(s.key(), ctx.tokenizer, ALPHA);
            Detector dr = new Detector(s.key(), ctx.tokenizer, ALPHA, TextNormalizer.ROBUST);
            int[] ids = d.tokenize(s.text());
            ids = Arrays.copyOf(ids, Math.min(ids.length, ctx.sizes.robustTokens()));
            String text = TextNormalizer.ROBUST.apply(ctx.tokenizer.decode(ids));
            ids = d.tokenize(text);
            for (int a = 0; a < attacks.size(); a++) {
                SplittableRandom r = ctx.random("robustness/" + scheme + "/" + attacks.get(a).name() + "/" + i);
                String attacked = attacks.get(a).apply(ctx, text, ids, r);
                plain[a][i] = d.detect(attacked).log10PValue();
                robust[a][i] = dr.detect(attacked).log10PValue();
            }
        }
        List<Cell> cells = new ArrayList<>();
        for (int a = 0; a < attacks.size(); a++) {
            cells.add(new Cell(scheme, attacks.get(a), plain[a], robust[a]));
        }
        return cells;
    }

    /**
     * Stated bounds: with the robust normalisers every cheap attack leaves the detection rate of the clean text
     * unchanged; without them, homoglyphs on half the letters cost at least half of the evidence (median log10 p).
     */
    static void check(List<Cell> cells, List<Check> checks) {
        for (Cell c : cells) {
            Cell clean = cells.stream().filter(x -> x.scheme().equals(c.scheme()) && x.attack().kind() == Attack.Kind.NONE)
                    .findFirst().orElseThrow();
            if (c.attack().cheap()) {
                checks.add(new Check("robust normalisers undo " + c.attack().name() + " (" + c.scheme() + ")",
                        c.tpr(true) == clean.tpr(false), String.format(Locale.ROOT, "TPR %.3f with robust normalisers, %.3f clean",
                        c.tpr(true), clean.tpr(false))));
            }
            if (c.attack().kind() == Attack.Kind.HOMOGLYPH && c.attack().rate() == 0.5) {
                checks.add(new Check("homoglyph attack works without normalisers (" + c.scheme() + ")",
                        c.median(false) > clean.median(false) / 2, String.format(Locale.ROOT,
                        "median log10 p %.1f attacked vs %.1f clean (bound: more than half lost)", c.median(false), clean.median(false))));
            }
        }
    }

    static String markdown(List<Cell> cells, List<String> schemes, boolean cheapOnly) {
        StringBuilder sb = new StringBuilder("| attack |");
        schemes.forEach(s -> sb.append(' ').append(s).append(" |"));
        sb.append("\n|---|");
        schemes.forEach(s -> sb.append("---|"));
        sb.append('\n');
        for (Attack a : attacks()) {
            if (cheapOnly != (a.cheap() || a.kind() == Attack.Kind.NONE || a.kind() == Attack.Kind.UPPERCASE
                    || a.kind() == Attack.Kind.WORD_CASE)) {
                continue;
            }
            sb.append("| ").append(a.name()).append(" |");
            for (String s : schemes) {
                Cell c = cells.stream().filter(x -> x.scheme().equals(s) && x.attack().equals(a)).findFirst().orElseThrow();
                sb.append(cheapOnly
                        ? String.format(Locale.ROOT, " %.2f (%.1f) → %.2f (%.1f) |", c.tpr(false), c.median(false), c.tpr(true), c.median(true))
                        : String.format(Locale.ROOT, " %.2f (%.1f) |", c.tpr(false), c.median(false)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
