package dev.telltale.corpus.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.telltale.core.SchemeParameters;
import dev.telltale.corpus.eval.Completions.Sample;
import dev.telltale.embed.KneserNeyModel;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The evaluation harness behind {@code telltale eval}: power, calibration, robustness, pasted passages and
 * quality cost for each scheme, written as a markdown report with PNG plots, and checked against stated
 * bounds ({@link Check}). Everything is derived from the options' seed: two runs with the same options give
 * the same numbers.
 */
public final class Evaluation {
    private Evaluation() {}

    /** Runs every experiment and writes {@code options.report()}, {@code options.out()/*.png} and {@code results.json}. */
    public static EvalResult run(EvalOptions options) throws Exception {
        System.setProperty("java.awt.headless", "true");
        long t0 = System.nanoTime();
        EvalContext ctx = new EvalContext(options);
        Sizes z = ctx.sizes;
        List<String> schemes = options.schemes().stream().map(SchemeParameters::schemeId).toList();
        ctx.say(String.format(Locale.ROOT, "eval: %s mode, schemes %s, seed %d; Brown %d documents (%d held out), %d synonym entries",
                options.quick() ? "quick" : "full", schemes, options.seed(), ctx.brown.size(), ctx.heldOut.size(), ctx.synonyms.size()));

        Map<String, List<Sample>> t10 = new LinkedHashMap<>();
        Map<String, List<Sample>> t07 = new LinkedHashMap<>();
        for (SchemeParameters s : options.schemes()) {
            long g = System.nanoTime();
            t10.put(s.schemeId(), Completions.generate(ctx, s, 1.0, z.completions(), z.tokensAtT10(), "wm/1.0/" + s.schemeId()));
            t07.put(s.schemeId(), Completions.generate(ctx, s, 0.7, z.completions(), z.tokensAtT07(), "wm/0.7/" + s.schemeId()));
            ctx.say(String.format(Locale.ROOT, "eval: %s: %d + %d completions in %.1f s", s.schemeId(), z.completions(), z.completions(),
                    (System.nanoTime() - g) / 1e9));
        }
        List<Sample> plain10 = Completions.generate(ctx, null, 1.0, z.completions(), z.qualityTokens(), "plain/1.0");
        List<Sample> plain07 = Completions.generate(ctx, null, 0.7, z.completions(), z.qualityTokens(), "plain/0.7");

        List<PowerEval.Curve> power = new ArrayList<>();
        for (String s : schemes) {
            power.add(PowerEval.curve(ctx, s, 1.0, t10.get(s), z.tokensAtT10()));
            power.add(PowerEval.curve(ctx, s, 0.7, t07.get(s), z.tokensAtT07()));
        }
        ctx.say("eval: power done");

        List<CalibrationEval.Row> calibration = new ArrayList<>();
        for (SchemeParameters s : options.schemes()) {
            calibration.addAll(CalibrationEval.run(ctx, s));
        }
        ctx.say(String.format(Locale.ROOT, "eval: calibration done (%d tests per scheme)", z.calibrationTrials()));

        List<RobustnessEval.Cell> robustness = new ArrayList<>();
        List<PasteEval.Rates> paste = new ArrayList<>();
        List<PasteEval.Roc> rocs = new ArrayList<>();
        for (SchemeParameters s : options.schemes()) {
            robustness.addAll(RobustnessEval.run(ctx, s.schemeId(), t10.get(s.schemeId())));
            paste.addAll(PasteEval.rates(ctx, s.schemeId(), t10.get(s.schemeId())));
            rocs.add(PasteEval.roc(ctx, s, t10.get(s.schemeId())));
        }
        double coverage = t10.values().stream().flatMap(List::stream)
                .mapToDouble(x -> Attack.synonymCoverage(ctx.synonyms, x.text())).average().orElse(0);
        ctx.say("eval: robustness and pasted passages done");

        KneserNeyModel reference = QualityEval.referenceModel(ctx);
        List<QualityEval.Row> quality = new ArrayList<>();
        quality.add(QualityEval.measure(ctx, reference, "unwatermarked", 1.0, plain10));
        quality.add(QualityEval.measure(ctx, reference, "unwatermarked", 0.7, plain07));
        for (String s : schemes) {
            quality.add(QualityEval.measure(ctx, reference, s, 1.0, t10.get(s)));
            quality.add(QualityEval.measure(ctx, reference, s, 0.7, t07.get(s)));
        }
        ctx.say("eval: quality done");

        List<Check> checks = new ArrayList<>();
        PowerEval.check(power, checks);
        CalibrationEval.check(calibration, checks);
        RobustnessEval.check(robustness, checks);
        PasteEval.check(rocs, options.quick(), checks);

        Files.createDirectories(options.out());
        Charts.power(options.out().resolve("power-t1.0.png"), power, 1.0);
        Charts.power(options.out().resolve("power-t0.7.png"), power, 0.7);
        Charts.calibration(options.out().resolve("calibration.png"), calibration, schemes);
        Charts.robustness(options.out().resolve("robustness-substitution.png"), robustness, schemes, Attack.Kind.SUBSTITUTE, "Token substitution");
        Charts.robustness(options.out().resolve("robustness-deletion.png"), robustness, schemes, Attack.Kind.DELETE, "Token deletion");
        Charts.robustness(options.out().resolve("robustness-insertion.png"), robustness, schemes, Attack.Kind.INSERT, "Token insertion");
        Charts.robustness(options.out().resolve("robustness-synonyms.png"), robustness, schemes, Attack.Kind.SYNONYM, "WordNet synonyms");
        Charts.roc(options.out().resolve("paste-roc.png"), rocs);
        Charts.quality(options.out().resolve("quality.png"), quality);

        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("mode", options.quick() ? "quick" : "full");
        json.put("seed", options.seed());
        json.put("schemes", schemes);
        json.put("seconds", Math.round(seconds * 10) / 10.0);
        json.put("power", power);
        json.put("calibration", calibration);
        json.put("robustness", robustness);
        json.put("synonym_coverage", coverage);
        json.put("paste", Map.of("fractions", paste, "roc_10pct_of_2000", rocs));
        json.put("quality", quality);
        json.put("checks", checks);
        // records as JSON objects, components in snake_case, derived values marked @JsonProperty
        new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(options.out().resolve("results.json").toFile(), json);
        Files.writeString(options.report(), Report.markdown(options, ctx, seconds, coverage, checks, power, calibration, robustness, paste, rocs,
                quality, schemes));
        ctx.say(String.format(Locale.ROOT, "eval: wrote %s and %s/ in %.1f s", options.report(), options.out(), seconds));
        return new EvalResult(checks, seconds, options.report(), json);
    }
}
