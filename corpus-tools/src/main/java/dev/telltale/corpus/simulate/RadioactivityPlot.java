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

/** PNG charts of radioactivity results (XChart, headless). */
public final class RadioactivityPlot {
    private RadioactivityPlot() {}

    /**
     * log10 p against pairs scored (log axis), one curve per entry, with the significance level dashed.
     *
     * @param curves label → series (insertion order is the legend order)
     */
    public static void pValueVsPairs(Path png, String title, Map<String, List<SeriesPoint>> curves, double alpha)
            throws IOException {
        XYChart chart = chart(title, "distinct (window, token) pairs scored", "log10 p-value");
        chart.getStyler().setXAxisLogarithmic(true);
        double maxPairs = 16;
        for (Map.Entry<String, List<SeriesPoint>> e : curves.entrySet()) {
            List<SeriesPoint> s = e.getValue();
            if (s.isEmpty()) {
                continue;
            }
            double[] x = s.stream().mapToDouble(SeriesPoint::pairs).toArray();
            double[] y = s.stream().mapToDouble(SeriesPoint::log10P).toArray();
            chart.addSeries(e.getKey(), x, y).setMarker(SeriesMarkers.NONE);
            maxPairs = Math.max(maxPairs, x[x.length - 1]);
        }
        threshold(chart, 16, maxPairs, alpha);
        save(chart, png);
    }

    /**
     * log10 p (y) against an x value per point, one curve per entry (e.g. p against the watermarked fraction).
     *
     * @param curves label → {x values, log10 p values}
     */
    public static void lines(Path png, String title, String xTitle, Map<String, double[][]> curves, double alpha)
            throws IOException {
        XYChart chart = chart(title, xTitle, "log10 p-value");
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        for (Map.Entry<String, double[][]> e : curves.entrySet()) {
            double[] x = e.getValue()[0];
            chart.addSeries(e.getKey(), x, e.getValue()[1]).setMarker(SeriesMarkers.CIRCLE);
            for (double v : x) {
                minX = Math.min(minX, v);
                maxX = Math.max(maxX, v);
            }
        }
        threshold(chart, minX, maxX, alpha);
        save(chart, png);
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
                new double[] {Math.log10(alpha), Math.log10(alpha)});
        line.setMarker(SeriesMarkers.NONE);
        line.setLineStyle(new java.awt.BasicStroke(1.5f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER,
                10f, new float[] {6f, 4f}, 0f));
        line.setLineColor(java.awt.Color.GRAY);
    }

    private static void save(XYChart chart, Path png) throws IOException {
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        String name = png.toString();
        BitmapEncoder.saveBitmap(chart, name.endsWith(".png") ? name.substring(0, name.length() - 4) : name,
                BitmapEncoder.BitmapFormat.PNG);
    }
}
