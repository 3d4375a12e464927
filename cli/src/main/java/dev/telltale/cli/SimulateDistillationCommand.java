package dev.telltale.cli;

import dev.telltale.detect.PValues;
import dev.telltale.corpus.simulate.DistillationSimulation;
import dev.telltale.corpus.simulate.RadioactivityPlot;
import dev.telltale.corpus.simulate.SimulationConfig;
import dev.telltale.corpus.simulate.SimulationResult;
import dev.telltale.detect.radioactivity.RadioactivityResult;
import dev.telltale.detect.radioactivity.SeriesPoint;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "simulate-distillation", description = "The radioactivity story in one command, over real HTTP on loopback "
        + "ports: a watermarked teacher is served, a competitor harvests its answers, a student n-gram model is trained on them "
        + "mixed with human text, served and tested through its endpoint; a control student without watermarked data likewise.")
final class SimulateDistillationCommand implements Callable<Integer> {
    @Option(names = "--watermarked-fraction", defaultValue = "0.05", description = "Share of the student's training tokens "
            + "that are harvested watermarked answers, in [0, 1]. Default: ${DEFAULT-VALUE}.")
    double fraction;

    @Option(names = "--scheme", defaultValue = "kgw", description = "The teacher's watermark: kgw, gumbel or unigram. Default: ${DEFAULT-VALUE}.")
    String scheme;

    @Option(names = "--seed", description = "Seed of the whole run (Brown split, key, prompts, sampling); random when absent.")
    Long seed;

    @Option(names = "--full", description = "Test with 1.5M output tokens per student instead of 400k.")
    boolean full;

    @Option(names = "--no-filter", description = "Score every window of the outputs, not only windows of the data we served.")
    boolean noFilter;

    @Option(names = "--plot", description = "Write both students' p-value against pairs scored as a PNG.")
    Path plot;

    @Option(names = "--json", description = "One JSON object with both verdicts (progress goes to stderr).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new UsageException("--watermarked-fraction must be in [0, 1], got " + fraction);
        }
        long s = seed != null ? seed : new SecureRandom().nextLong() >>> 1;
        SimulationConfig c;
        try {
            c = SimulationConfig.of(scheme, fraction, s, full).withFilter(!noFilter);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage().startsWith("the simulation") ? e.getMessage()
                    : "--scheme must be kgw, gumbel or unigram, got " + scheme);
        }
        PrintStream log = json ? System.err : System.out;
        log.printf(Locale.ROOT, "simulate-distillation: scheme %s, %.1f%% watermarked training data, seed %d%n",
                scheme, 100 * fraction, s);
        SimulationResult r = DistillationSimulation.run(c, log);
        if (plot != null) {
            Map<String, List<SeriesPoint>> curves = new LinkedHashMap<>();
            curves.put(String.format(Locale.ROOT, "student (%.1f%% watermarked)", 100 * fraction), r.student().series());
            curves.put("control (unwatermarked answers)", r.control().series());
            RadioactivityPlot.pValueVsPairs(plot, "simulate-distillation, " + scheme + ", seed " + s, curves, 1e-6);
        }
        if (json) {
            Map<String, Object> m = r.toJson();
            if (plot != null) {
                m.put("plot", plot.toString());
            }
            System.out.println(Json.line(m));
        } else {
            System.out.println();
            System.out.println(verdict(String.format(Locale.ROOT, "student (%.1f%% watermarked data)", 100 * r.watermarkedFraction()),
                    r.student()));
            System.out.println(verdict("control (unwatermarked answers)", r.control()));
            System.out.printf(Locale.ROOT, "%.1f s; reproduce with --seed %d%s%n", r.seconds(), s, plot == null ? "" : "; plot: " + plot);
        }
        return 0;
    }

    static String verdict(String name, RadioactivityResult r) {
        long reach = SimulationResult.pairsToReach(r, r.detection().alpha());
        return String.format(Locale.ROOT, "%-34s %-13s p = %-9s over %,d pairs%s", name, r.detection().verdict().json(),
                PValues.format(r.log10PValue()), r.pairsScored(),
                reach > 0 ? String.format(Locale.ROOT, " (p <= %s after %,d pairs)",
                        PValues.format(Math.log10(r.detection().alpha())), reach) : "");
    }
}
