package dev.telltale.corpus.eval;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** The markdown report: the hand-written intro ({@code evaluation-intro.md}) and the generated tables. */
final class Report {
    private Report() {}

    static String markdown(EvalOptions o, EvalContext ctx, double seconds, double synonymCoverage, List<Check> checks, List<PowerEval.Curve> power,
                           List<CalibrationEval.Row> calibration, List<RobustnessEval.Cell> robustness, List<PasteEval.Rates> paste,
                           List<PasteEval.Roc> rocs, List<QualityEval.Row> quality, List<String> schemes) {
        Sizes z = ctx.sizes;
        String img = o.out().getFileName().toString();
        long failed = checks.stream().filter(c -> !c.passed()).count();
        StringBuilder sb = new StringBuilder(intro());
        sb.append("\n## This run\n\n");
        sb.append("```\n").append(o.command()).append("\n```\n\n");
        sb.append(String.format(Locale.ROOT, "- mode **%s**, seed %d, schemes %s (presets, one fresh key per text)%n", o.quick() ? "quick" : "full",
                o.seed(), String.join(", ", schemes)));
        sb.append(String.format(Locale.ROOT, "- runtime **%.0f s** (%.1f min) on %d cores, Java %s; generation is most of it%n", seconds,
                seconds / 60, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        sb.append(String.format(Locale.ROOT, "- default model: %s; tokenizer %s (%s)%n", ctx.model.describe(), ctx.tokenizer.id(),
                ctx.tokenizer.implementation()));
        sb.append(String.format(Locale.ROOT, "- %d completions per scheme and temperature (%d tokens at T = 1.0, %d at T = 0.7), prompts of "
                + "%d tokens from held-out Brown documents; %d calibration tests per scheme (%d keys × %d segments of %d tokens)%n",
                z.completions(), z.tokensAtT10(), z.tokensAtT07(), Completions.PROMPT_TOKENS, z.calibrationTrials(), z.calibrationKeys(),
                z.segmentsPerKey(), z.segmentTokens()));
        sb.append(String.format(Locale.ROOT, "- checks: **%d of %d passed**%n%n", checks.size() - failed, checks.size()));

        sb.append("## Power\n\nCells: TPR at p ≤ 1e-3 / TPR at p ≤ 1e-6 (median log10 p), first *tokens* tokens of each completion.\n\n");
        for (double t : new double[] {1.0, 0.7}) {
            sb.append(String.format(Locale.ROOT, "### Temperature %.1f%n%n", t)).append(PowerEval.markdown(power, t));
            sb.append(String.format(Locale.ROOT, "%n![power at T=%.1f](%s/power-t%.1f.png)%n%n", t, img, t));
        }

        sb.append("## Calibration\n\n").append(CalibrationEval.markdown(calibration));
        sb.append(String.format(Locale.ROOT, "%n![calibration](%s/calibration.png)%n%n", img));

        sb.append(String.format(Locale.ROOT, "## Robustness%n%nFirst %d tokens of each temperature-1.0 completion, attacked, then detected "
                + "from the text. Cells: TPR at p ≤ 1e-6 (median log10 p). Token edits hit each token with the given "
                + "probability; the synonym attack replaces that share of the words that have a WordNet entry, which are "
                + "%.0f%% of the words of these completions (base forms only: \"said\" has no entry, \"say\" has).%n%n### Edits%n%n",
                z.robustTokens(), 100 * synonymCoverage));
        sb.append(RobustnessEval.markdown(robustness, schemes, false));
        sb.append(String.format(Locale.ROOT, "%n![substitution](%s/robustness-substitution.png)%n![deletion](%s/robustness-deletion.png)%n"
                + "![insertion](%s/robustness-insertion.png)%n![synonyms](%s/robustness-synonyms.png)%n%n", img, img, img, img));
        sb.append("### Cheap attacks: default normaliser (NFC) → robust normalisers (`detect --normalize robust`)\n\n");
        sb.append(RobustnessEval.markdown(robustness, schemes, true)).append('\n');

        sb.append("## Pasted passages\n\nCells: TPR at p ≤ 1e-3, whole text → windowed (`detect --windowed`, Bonferroni-corrected), "
                + "(median corrected log10 p).\n\n");
        sb.append(PasteEval.ratesMarkdown(paste, schemes));
        sb.append("\n### ROC: 200-token passage in 2,000 tokens against 2,000-token human texts\n\n").append(PasteEval.rocMarkdown(rocs));
        sb.append(String.format(Locale.ROOT, "%n![ROC](%s/paste-roc.png)%n%n", img));

        sb.append("## Quality cost\n\n").append(QualityEval.markdown(quality));
        sb.append(String.format(Locale.ROOT, "%n![quality](%s/quality.png)%n%n", img));

        sb.append("## Checks\n\n| check | result | measured |\n|---|:---:|---|\n");
        for (Check c : checks) {
            sb.append("| ").append(c.name()).append(" | ").append(c.passed() ? "pass" : "**FAIL**").append(" | ").append(c.detail()).append(" |\n");
        }
        return sb.toString();
    }

    private static String intro() {
        try (InputStream in = Report.class.getResourceAsStream("evaluation-intro.md")) {
            if (in == null) {
                throw new IllegalStateException("evaluation-intro.md missing from the corpus-tools jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
