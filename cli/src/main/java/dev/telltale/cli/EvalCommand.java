package dev.telltale.cli;

import dev.telltale.core.SchemeParameters;
import dev.telltale.core.Schemes;
import dev.telltale.corpus.eval.Check;
import dev.telltale.corpus.eval.EvalOptions;
import dev.telltale.corpus.eval.EvalResult;
import dev.telltale.corpus.eval.Evaluation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "eval", description = "Evaluate the schemes on the default model and Brown: power, calibration, robustness, "
        + "pasted passages, quality cost. Writes OUT.md and OUT/*.png; exits 1 if a stated bound is missed.")
final class EvalCommand implements Callable<Integer> {
    /** The native schemes, in the report's column order. */
    static final List<String> SCHEMES = List.of("kgw", "unigram", "kgw-selfhash", "gumbel", "synthid");

    @Option(names = "--quick", description = "Small samples (under two minutes on two cores) with coarser bounds; what CI runs.")
    boolean quick;

    @Option(names = "--out", defaultValue = "docs/evaluation", paramLabel = "OUT",
            description = "Plots and results.json go to OUT/, the report to OUT.md. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--schemes", split = ",", paramLabel = "LIST",
            description = "Schemes to evaluate (presets). Default: kgw,unigram,kgw-selfhash,gumbel,synthid.")
    List<String> schemes;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of every key, prompt, sample and attack. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--json", description = "Print the checks and the report's path as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<SchemeParameters> params = new ArrayList<>();
        for (String s : schemes == null ? SCHEMES : schemes) {
            if (!SCHEMES.contains(s.strip())) {
                throw new UsageException("--schemes: unknown or unsupported scheme '" + s.strip() + "'; evaluated schemes: "
                        + String.join(", ", SCHEMES));
            }
            params.add(Schemes.preset(s.strip()));
        }
        if (out.getFileName() == null) {
            throw new UsageException("--out must name a directory, got '" + out + "'");
        }
        String command = "telltale eval" + (quick ? " --quick" : "") + " --out " + out
                + (schemes == null ? "" : " --schemes " + String.join(",", schemes)) + " --seed " + seed;
        EvalResult r = Evaluation.run(new EvalOptions(quick, params, seed, out, DefaultModel.home().resolve("models"), command,
                System.err));
        List<Check> failed = r.failed();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("report", r.report().toString());
            m.put("seconds", r.seconds());
            m.put("checks", r.checks().size());
            m.put("failed", failed);
            System.out.println(Json.line(m));
        } else {
            System.out.printf(Locale.ROOT, "%s: %d of %d checks passed in %.0f s%n", r.report(), r.checks().size() - failed.size(),
                    r.checks().size(), r.seconds());
        }
        if (!failed.isEmpty()) {
            System.err.println("telltale eval: " + failed.size() + " check(s) failed: " + failed.get(0).name() + ": "
                    + failed.get(0).detail() + (failed.size() > 1 ? " (and more, see " + r.report() + ")" : ""));
            return 1;
        }
        return 0;
    }
}
