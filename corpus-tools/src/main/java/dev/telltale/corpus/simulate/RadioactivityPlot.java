package dev.telltale.corpus.simulate;

import dev.telltale.detect.radioactivity.SeriesPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts of radioactivity results (XChart, headless). The y axis is −log10 p on a logarithmic scale, so
 * clean models (−log10 p below 1) and students at p = 1e-300 and beyond fit one chart; −log10 p is floored
 * at 1e-3 (p = 0.998) to stay on the axis.
 */
public final class RadioactivityPlot {
    private RadioactivityPlot() {}

    /**
     * −−log10 p against pairs scored (both axes logarithmic), one curve per entry, with the significance level dashed.
     *
     * @param curves label → series (insertion order is the legend order)
     */
    public static void pValueVsPairs(Path png, String title, Map<String, List<SeriesPoint>> curves, double alpha)
            throws IOException {
        XYChart chart = chart(title, "distinct (window, token) pairs scored", "-log10 p-value");
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        double maxPairs = 16;
        for (Map.Entry<String, List<SeriesPoint>> e : curves.entrySet()) {
            List<SeriesPoint> s = e.getValue();
            if (s.isEmpty()) {
                continue;
            }
            double[] x = s.stream().mapToDouble(SeriesPoint::pairs).toArray();
            double[] y = s.stream().mapToDouble(p -> height(p.log10P())).toArray();
            chart.addSeries(e.getKey(), x, y).setMarker(SeriesMarkers.NONE);
            maxPairs = Math.max(maxPairs, x[x.length - 1]);
        }
        threshold(chart, 16, maxPairs, alpha);
        save(chart, png);
    }

    /**
     * −log10 p (logarithmic axis) per category (e.g. the watermarked fraction), one line with markers per entry.
     *
     * @param values label → one log10 p per category
     */
    public static void byCategory(Path png, String title, String xTitle, List<String> categories, Map<String, double[]> values,
                                  double alpha) throws IOException {
        System.setProperty("java.awt.headless", "true");
        org.knowm.xchart.CategoryChart chart = new org.knowm.xchart.CategoryChartBuilder().width(900).height(560).title(title)
                .xAxisTitle(xTitle).yAxisTitle("-log10 p-value").build();
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        chart.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle.Line);
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setYAxisLogarithmic(true);
        for (Map.Entry<String, double[]> e : values.entrySet()) {
            List<Double> ys = new java.util.ArrayList<>();
            for (double v : e.getValue()) {
                ys.add(height(v));
            }
            chart.addSeries(e.getKey(), categories, ys).setMarker(SeriesMarkers.CIRCLE);
        }
        List<Double> line = java.util.Collections.nCopies(categories.size(), -Math.log10(alpha));
        org.knowm.xchart.CategorySeries a = chart.addSeries("alpha = " + alpha, categories, line);
        a.setMarker(SeriesMarkers.NONE);
        a.setLineColor(java.awt.Color.GRAY);
        a.setLineStyle(new java.awt.BasicStroke(1.5f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
        save(chart, png);
    }

    /** −log10 p, floored so that p near 1 stays on a logarithmic axis. */
    private static double height(double log10p) {
        return Math.max(1e-3, -log10p);
    }

    private static XYChart chart(String title, String xTitle, String yTitle) {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(560).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSW);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        return chart;
    }

    private static void threshold(XYChart chart, double from, double to, double alpha) {
        XYSeries line = chart.addSeries("alpha = " + alpha, new double[] {from, to},
                new double[] {-Math.log10(alpha), -Math.log10(alpha)});
        line.setMarker(SeriesMarkers.NONE);
        line.setLineStyle(new java.awt.BasicStroke(1.5f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER,
                10f, new float[] {6f, 4f}, 0f));
        line.setLineColor(java.awt.Color.GRAY);
    }

    private static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path png) throws IOException {
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        String name = png.toString();
        BitmapEncoder.saveBitmap(chart, name.endsWith(".png") ? name.substring(0, name.length() - 4) : name,
                BitmapEncoder.BitmapFormat.PNG);
    }
}
