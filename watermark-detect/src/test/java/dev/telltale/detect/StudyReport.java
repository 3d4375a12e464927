package dev.telltale.detect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes the attribution study's results under {@code target/attribution}: accuracy rows as CSV (one file per
 * study, so test classes can run in any order), markdown notes, and PNG charts redrawn from every CSV present.
 * docs/attribution.md quotes a full run ({@code -Dtelltale.full=true}); PNGs are copied from here.
 */
final class StudyReport {
    static final Path DIR = Path.of(System.getProperty("telltale.repo", "."), "target", "attribution");
    /** The two schemes at their presets (other design labels are parameter variants). */
    private static final List<String> MAIN_DESIGNS = List.of("kgw-accounts", "kgw-account-keys");

    /** Texts traced for one design at one account-space size and one length. */
    record Row(String design, long accounts, int tokens, int texts, int right, int wrong, double meanLog10P) {
        String csv() {
            return String.format(Locale.ROOT, "%s,%d,%d,%d,%d,%d,%.3f", design, accounts, tokens, texts, right, wrong, meanLog10P);
        }

        static Row parse(String line) {
            String[] f = line.split(",");
            return new Row(f[0], Long.parseLong(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4]),
                    Integer.parseInt(f[5]), Double.parseDouble(f[6]));
        }

        double accuracy() {
            return 100.0 * right / texts;
        }
    }

    private StudyReport() {}

    /** Replaces {@code name}.csv with the rows, then redraws the charts from every CSV. */
    static synchronized void writeRows(String name, List<Row> rows) {
        StringBuilder sb = new StringBuilder("design,accounts,tokens,texts,traced_right,traced_wrong,mean_log10_p\n");
        rows.forEach(r -> sb.append(r.csv()).append('\n'));
        write(name + ".csv", sb.toString());
        drawCharts();
    }

    /** Records the mean wall time of tracing one text ({@code cost-name.tsv}) and redraws the cost chart. */
    static synchronized void cost(String name, long accounts, double millis) {
        write("cost-" + name + ".tsv", name.replaceAll("-\\d+$", "") + "\t" + accounts + "\t" + millis + "\n");
        try {
            Map<String, List<double[]>> series = new TreeMap<>();
            try (var files = Files.list(DIR)) {
                for (Path p : files.filter(f -> f.getFileName().toString().startsWith("cost-")).sorted().toList()) {
                    String[] f = Files.readString(p).strip().split("\t");
                    series.computeIfAbsent(f[0], k -> new ArrayList<>())
                            .add(new double[] {Math.log10(Long.parseLong(f[1])), Double.parseDouble(f[2])});
                }
            }
            XYChart c = chart("Cost of tracing one 400-token text (2 shared cores)", "log10 N (account-space size)",
                    "milliseconds (wall, log scale)");
            c.getStyler().setYAxisLogarithmic(true);
            series.forEach((name2, pts) -> {
                pts.sort((a, b) -> Double.compare(a[0], b[0]));
                c.addSeries(name2, pts.stream().mapToDouble(x -> x[0]).toArray(), pts.stream().mapToDouble(x -> x[1]).toArray());
            });
            save(c, "trace-cost");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends a line of notes (markdown) to {@code name}.md. */
    static synchronized void note(String name, String line) {
        System.out.println(line);
        try {
            Files.createDirectories(DIR);
            Files.writeString(DIR.resolve(name + ".md"), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code name}.md afresh. */
    static synchronized void reset(String name) {
        write(name + ".md", "");
    }

    private static void write(String file, String text) {
        try {
            Files.createDirectories(DIR);
            Files.writeString(DIR.resolve(file), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Row> allRows() throws IOException {
        List<Row> rows = new ArrayList<>();
        try (var files = Files.list(DIR)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".csv")).sorted().toList()) {
                List<String> lines = Files.readAllLines(p);
                lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank()).map(Row::parse).forEach(rows::add);
            }
        }
        return rows;
    }

    private static void drawCharts() {
        try {
            List<Row> rows = allRows();
            List<Row> main = rows.stream().filter(r -> MAIN_DESIGNS.contains(r.design())).toList();
            save(tokensChart(main, "Traced to the right account at p <= 1e-6"), "accuracy-vs-tokens");
            List<Row> ablations = rows.stream().filter(r -> !r.design().equals("kgw-account-keys")
                    && (r.accounts() == 1_000_000 || r.accounts() == 1_000_000_000_000L || !MAIN_DESIGNS.contains(r.design()))).toList();
            save(tokensChart(ablations, "kgw-accounts variants: traced at p <= 1e-6"), "accuracy-vs-tokens-variants");

            XYChart vsAccounts = chart("Traced to the right account at p <= 1e-6", "log10 N (account-space size)", "% of texts");
            Map<String, List<Row>> bySize = new TreeMap<>();
            main.stream().filter(r -> r.tokens() == 100 || r.tokens() == 150 || r.tokens() == 200 || r.tokens() == 400)
                    .forEach(r -> bySize.computeIfAbsent(r.design() + ", " + String.format(Locale.ROOT, "%3d", r.tokens())
                            + " tokens", k -> new ArrayList<>()).add(r));
            bySize.forEach((name, rs) -> {
                rs = new ArrayList<>(rs);
                rs.sort((a, b) -> Long.compare(a.accounts(), b.accounts()));
                if (rs.size() > 1) {
                    vsAccounts.addSeries(name, rs.stream().mapToDouble(r -> Math.log10(r.accounts())).toArray(),
                            rs.stream().mapToDouble(Row::accuracy).toArray());
                }
            });
            if (!vsAccounts.getSeriesMap().isEmpty()) {
                save(vsAccounts, "accuracy-vs-accounts");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One series per (design, N): accuracy against tokens. */
    private static XYChart tokensChart(List<Row> rows, String title) {
        XYChart c = chart(title, "tokens in the completion", "% of texts");
        Map<String, List<Row>> byCurve = new TreeMap<>();
        rows.forEach(r -> byCurve.computeIfAbsent(label(r.design(), r.accounts()), k -> new ArrayList<>()).add(r));
        byCurve.forEach((name, rs) -> {
            List<Row> sorted = new ArrayList<>(rs);
            sorted.sort((a, b) -> Integer.compare(a.tokens(), b.tokens()));
            c.addSeries(name, sorted.stream().mapToDouble(Row::tokens).toArray(), sorted.stream().mapToDouble(Row::accuracy).toArray());
        });
        return c;
    }

    static String label(String design, long accounts) {
        return design + ", N = 10^" + String.format(Locale.ROOT, "%.0f", Math.log10(accounts));
    }

    static XYChart chart(String title, String x, String y) {
        System.setProperty("java.awt.headless", "true");
        XYChart c = new XYChartBuilder().width(1100).height(560).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setMarkerSize(6);
        c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        return c;
    }

    static void save(XYChart c, String name) throws IOException {
        c.getSeriesMap().values().forEach(s -> s.setMarker(SeriesMarkers.CIRCLE));
        Files.createDirectories(DIR);
        BitmapEncoder.saveBitmap(c, DIR.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
