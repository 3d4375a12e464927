package dev.telltale.corpus.eval;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The PNG plots of the report (XChart, headless). */
final class Charts {
    private static final int W = 820;
    private static final int H = 480;

    private static final java.util.Map<String, java.awt.Color> COLORS = java.util.Map.of(
            "kgw", new java.awt.Color(0x1f77b4), "unigram", new java.awt.Color(0x9467bd), "kgw-selfhash", new java.awt.Color(0xd62728),
            "gumbel", new java.awt.Color(0x2ca02c), "synthid", new java.awt.Color(0x8c564b));

    private Charts() {}

    /** One colour per scheme in every plot (solid and dashed series of a scheme match). */
    private static XYSeries colored(XYSeries s, String scheme) {
        java.awt.Color c = COLORS.getOrDefault(scheme, java.awt.Color.DARK_GRAY);
        s.setLineColor(c);
        s.setMarkerColor(c);
        return s;
    }

    static void power(Path file, List<PowerEval.Curve> curves, double temperature) throws IOException {
        XYChart c = xy(String.format(Locale.ROOT, "Power at temperature %.1f (solid: p <= 1e-6, dashed: p <= 1e-3)", temperature),
                "tokens", "true-positive rate");
        // x = log2(tokens / 25): the lengths double, so they sit evenly; ticks are labelled with the token count
        c.getStyler().setxAxisTickLabelsFormattingFunction(v -> Math.abs(v - Math.rint(v)) < 1e-9
                ? String.valueOf(Math.round(25 * Math.pow(2, v))) : "");
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisMax(1.0);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        for (PowerEval.Curve k : curves) {
            if (k.temperature() != temperature) {
                continue;
            }
            double[] x = Arrays.stream(k.lengths()).mapToDouble(l -> Math.log(l / 25.0) / Math.log(2)).toArray();
            colored(c.addSeries(k.scheme() + " 1e-6", x, k.tpr()[1]), k.scheme()).setMarker(SeriesMarkers.CIRCLE);
            XYSeries s = colored(c.addSeries(k.scheme() + " 1e-3", x, k.tpr()[0]), k.scheme());
            s.setLineStyle(SeriesLines.DASH_DASH);
            s.setMarker(SeriesMarkers.NONE);
            s.setShowInLegend(false);
        }
        save(c, file);
    }

    static void calibration(Path file, List<CalibrationEval.Row> rows, List<String> schemes) throws IOException {
        XYChart c = xy("False-positive rate on human text (Brown) against nominal alpha", "alpha", "empirical FPR");
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        double[] a = CalibrationEval.ALPHAS;
        XYSeries diag = c.addSeries("FPR = alpha", a, a);
        diag.setMarker(SeriesMarkers.NONE);
        diag.setLineStyle(SeriesLines.DASH_DASH);
        for (String s : schemes) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (CalibrationEval.Row r : rows) {
                if (r.scheme().equals(s) && r.falsePositives() > 0) { // zero is shown in the table, not on a log axis
                    x.add(r.alpha());
                    y.add(r.fpr());
                }
            }
            if (!x.isEmpty()) {
                XYSeries p = colored(c.addSeries(s, x, y), s);
                p.setMarker(SeriesMarkers.DIAMOND);
                p.setLineStyle(SeriesLines.NONE);
            }
        }
        save(c, file);
    }

    static void robustness(Path file, List<RobustnessEval.Cell> cells, List<String> schemes, Attack.Kind kind, String title)
            throws IOException {
        XYChart c = xy(title + ": detection at p <= 1e-6", "fraction edited", "true-positive rate");
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisMax(1.0);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        for (String s : schemes) {
            List<Double> x = new ArrayList<>(List.of(0.0));
            List<Double> y = new ArrayList<>();
            for (RobustnessEval.Cell cell : cells) {
                if (cell.scheme().equals(s) && cell.attack().kind() == Attack.Kind.NONE) {
                    y.add(cell.tpr(false));
                }
            }
            for (RobustnessEval.Cell cell : cells) {
                if (cell.scheme().equals(s) && cell.attack().kind() == kind) {
                    x.add(cell.attack().rate());
                    y.add(cell.tpr(false));
                }
            }
            colored(c.addSeries(s, x, y), s).setMarker(SeriesMarkers.CIRCLE);
        }
        save(c, file);
    }

    static void roc(Path file, List<PasteEval.Roc> rocs) throws IOException {
        XYChart c = xy("ROC: 200-token passage in 2,000 tokens (solid: windowed, dashed: whole text)", "false-positive rate",
                "true-positive rate");
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        c.getStyler().setXAxisMin(0.0);
        c.getStyler().setXAxisMax(1.0);
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisMax(1.0);
        for (PasteEval.Roc r : rocs) {
            double[][] w = curve(r.posWindow(), r.negWindow());
            colored(c.addSeries(r.scheme() + " windowed", w[0], w[1]), r.scheme()).setMarker(SeriesMarkers.NONE);
            double[][] h = curve(r.posWhole(), r.negWhole());
            XYSeries s = colored(c.addSeries(r.scheme() + " whole", h[0], h[1]), r.scheme());
            s.setMarker(SeriesMarkers.NONE);
            s.setLineStyle(SeriesLines.DASH_DASH);
            s.setShowInLegend(false);
        }
        save(c, file);
    }

    /** ROC points {fpr[], tpr[]} of "log10 p ≤ threshold" over every threshold. */
    private static double[][] curve(double[] pos, double[] neg) {
        double[] th = new double[pos.length + neg.length];
        System.arraycopy(pos, 0, th, 0, pos.length);
        System.arraycopy(neg, 0, th, pos.length, neg.length);
        Arrays.sort(th);
        double[] fpr = new double[th.length + 2];
        double[] tpr = new double[th.length + 2];
        for (int i = 0; i < th.length; i++) {
            fpr[i + 1] = Stats.fractionAtMost(neg, th[i]);
            tpr[i + 1] = Stats.fractionAtMost(pos, th[i]);
        }
        fpr[th.length + 1] = 1;
        tpr[th.length + 1] = 1;
        return new double[][] {fpr, tpr};
    }

    static void quality(Path file, List<QualityEval.Row> rows) throws IOException {
        CategoryChart c = new CategoryChartBuilder().width(W).height(H)
                .title("Perplexity under the reference model (KN order 4, other half of Brown)")
                .xAxisTitle("completions").yAxisTitle("perplexity").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        for (double t : new double[] {0.7, 1.0}) {
            List<String> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (QualityEval.Row r : rows) {
                if (r.temperature() == t) {
                    x.add(r.scheme());
                    y.add(r.perplexity());
                }
            }
            if (!x.isEmpty()) {
                c.addSeries(String.format(Locale.ROOT, "T = %.1f", t), x, y);
            }
        }
        save(c, file);
    }

    private static XYChart xy(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(W).height(H).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        return c;
    }

    private static void save(Chart<?, ?> chart, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
