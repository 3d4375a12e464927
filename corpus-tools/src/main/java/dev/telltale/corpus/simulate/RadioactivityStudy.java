package dev.telltale.corpus.simulate;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telltale.detect.radioactivity.RadioactivityResult;
import dev.telltale.detect.radioactivity.SeriesPoint;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The study behind docs/radioactivity.md: {@link DistillationSimulation} for kgw and gumbel at watermarked
 * fractions 0, 1, 5, 10 and 100 % (one seed), plus kgw at 5 % without the filter; writes the PNG charts, a
 * Markdown table and the raw JSON lines into a directory.
 *
 * <pre>
 * java -cp cli/target/telltale.jar dev.telltale.corpus.simulate.RadioactivityStudy docs [seed]
 * </pre>
 */
public final class RadioactivityStudy {
    static final double[] FRACTIONS = {0, 0.01, 0.05, 0.10, 1.0};
    static final List<String> LABELS = List.of("0 %", "1 %", "5 %", "10 %", "100 %");
    private static final ObjectMapper JSON = new ObjectMapper();

    private RadioactivityStudy() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: RadioactivityStudy OUT_DIR [seed] | OUT_DIR --replot");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        if (args.length > 1 && args[1].equals("--replot")) {
            List<Row> rows = new ArrayList<>();
            for (String line : Files.readAllLines(out.resolve("radioactivity-results.jsonl"), StandardCharsets.UTF_8)) {
                rows.add(Row.of(JSON.readTree(line)));
            }
            plots(rows, out, rows.get(0).seed);
            return;
        }
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        long t0 = System.nanoTime();
        List<SimulationResult> all = new ArrayList<>();
        for (String scheme : List.of("kgw", "gumbel")) {
            for (int i = 0; i < FRACTIONS.length; i++) {
                System.err.printf(Locale.ROOT, "== %s at %s%n", scheme, LABELS.get(i));
                all.add(DistillationSimulation.run(SimulationConfig.of(scheme, FRACTIONS[i], seed, false), System.err));
            }
        }
        System.err.println("== kgw at 5 % without the filter");
        all.add(DistillationSimulation.run(SimulationConfig.of("kgw", 0.05, seed, false).withFilter(false), System.err));
        double minutes = (System.nanoTime() - t0) / 60e9;
        try (PrintStream md = new PrintStream(Files.newOutputStream(out.resolve("radioactivity-results.md")), true,
                StandardCharsets.UTF_8)) {
            md.print(table(all, minutes));
        }
        List<String> lines = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        for (SimulationResult r : all) {
            String json = JSON.writeValueAsString(r.toJson());
            lines.add(json);
            rows.add(Row.of(JSON.readTree(json)));
        }
        Files.write(out.resolve("radioactivity-results.jsonl"), lines, StandardCharsets.UTF_8);
        plots(rows, out, seed);
        System.err.printf(Locale.ROOT, "done in %.1f min%n", minutes);
    }

    /** One simulation as the charts need it (read back from the JSON lines, so charts can be redrawn). */
    private record Row(String scheme, double fraction, boolean filter, long seed, double student, double control,
                       List<SeriesPoint> studentSeries, List<SeriesPoint> controlSeries) {
        static Row of(com.fasterxml.jackson.databind.JsonNode n) {
            return new Row(n.get("scheme").get("id").asText(), n.get("watermarked_fraction").asDouble(), n.get("filter").asBoolean(),
                    n.get("seed").asLong(), n.get("student").get("log10_p_value").asDouble(),
                    n.get("control").get("log10_p_value").asDouble(), series(n.get("student")), series(n.get("control")));
        }

        private static List<SeriesPoint> series(com.fasterxml.jackson.databind.JsonNode r) {
            List<SeriesPoint> s = new ArrayList<>();
            for (com.fasterxml.jackson.databind.JsonNode p : r.get("series")) {
                s.add(new SeriesPoint(p.get(0).asLong(), p.get(1).asDouble()));
            }
            return s;
        }
    }

    private static void plots(List<Row> rows, Path out, long seed) throws IOException {
        Map<String, double[]> bars = new LinkedHashMap<>();
        for (String scheme : List.of("kgw", "gumbel")) {
            double[] s = new double[FRACTIONS.length];
            double[] c = new double[FRACTIONS.length];
            Map<String, List<SeriesPoint>> curves = new LinkedHashMap<>();
            for (Row r : rows) {
                int i = java.util.Arrays.stream(FRACTIONS).boxed().toList().indexOf(r.fraction);
                if (!r.scheme.equals(scheme) || !r.filter || i < 0) {
                    continue;
                }
                s[i] = r.student;
                c[i] = r.control;
                curves.put("student, " + LABELS.get(i) + " watermarked", r.studentSeries);
                if (FRACTIONS[i] == 0.05) {
                    curves.put("control (5 % recipe, unwatermarked answers)", r.controlSeries);
                }
            }
            bars.put(scheme + " student", s);
            bars.put(scheme + " control", c);
            RadioactivityPlot.pValueVsPairs(out.resolve("radioactivity-pairs-" + scheme + ".png"),
                    "p-value against pairs scored, " + scheme + " (seed " + seed + ")", curves, 1e-6);
        }
        RadioactivityPlot.byCategory(out.resolve("radioactivity-fraction.png"),
                "Student and control p-values against the watermarked share of training data (seed " + seed + ")",
                "watermarked share of the student's training tokens", LABELS, bars, 1e-6);
    }

    static String table(List<SimulationResult> all, double minutes) {
        StringBuilder sb = new StringBuilder();
        sb.append("| scheme | watermarked share | filter | student p | student pairs | pairs to p ≤ 1e-6 | control p | control pairs | time |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|\n");
        for (SimulationResult r : all) {
            RadioactivityResult s = r.student();
            RadioactivityResult c = r.control();
            long reach = SimulationResult.pairsToReach(s, 1e-6);
            sb.append(String.format(Locale.ROOT, "| %s | %.1f %% | %s | %s | %,d | %s | %s | %,d | %.0f s |%n",
                    r.config().scheme().schemeId(), 100 * r.watermarkedFraction(), r.config().filter() ? "yes" : "no",
                    p(s.log10PValue()), s.pairsScored(), reach > 0 ? String.format(Locale.ROOT, "%,d", reach) : "—",
                    p(c.log10PValue()), c.pairsScored(), r.seconds()));
        }
        sb.append(String.format(Locale.ROOT, "%nTotal: %.1f min.%n", minutes));
        return sb.toString();
    }

    private static String p(double log10p) {
        if (log10p > -4) {
            return String.format(Locale.ROOT, "%.3g", Math.pow(10, log10p));
        }
        double e = Math.floor(log10p);
        return String.format(Locale.ROOT, "%.1fe%d", Math.pow(10, log10p - e), (long) e);
    }
}
