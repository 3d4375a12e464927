package dev.telltale.corpus.scan.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the histogram of the documents' log10 p (XChart, headless) with, for reference, the counts expected if
 * no document were watermarked: n·(10^a − 10^b) in the bin [b, a), since p is (at most) uniform under H0. On the
 * logarithmic count axis the null falls by ten per decade; watermarked documents stand out on the left.
 */
final class HistogramPng {
    private HistogramPng() {}

    /** Writes the PNG atomically (temporary file, then rename). */
    static void write(long[] histogram, double binWidth, long documents, String title, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int last = 0;
        for (int i = 0; i < histogram.length; i++) {
            if (histogram[i] > 0) {
                last = i;
            }
        }
        int bins = Math.max(last + 1, (int) Math.ceil(4 / binWidth)); // show at least down to 1e-4
        // Step outline over the bin edges, left to right
        double[] x = new double[2 * bins];
        double[] counts = new double[2 * bins];
        double[] expected = new double[2 * bins];
        for (int i = 0; i < bins; i++) {
            double hiEdge = -i * binWidth;
            double loEdge = -(i + 1) * binWidth;
            double c = i < histogram.length ? histogram[i] : 0;
            double e = documents * (Math.pow(10, hiEdge) - Math.pow(10, loEdge));
            int k = 2 * (bins - 1 - i); // ascending x, as XChart requires
            x[k] = loEdge;
            x[k + 1] = hiEdge;
            counts[k] = counts[k + 1] = Math.max(c, 0.5);
            expected[k] = expected[k + 1] = Math.max(e, 0.5);
        }
        XYChart chart = new XYChartBuilder().width(900).height(500).title(title)
                .xAxisTitle("log10 p (bins of " + binWidth + ")").yAxisTitle("documents (bins with none drawn at 0.5)").build();
        chart.getStyler().setYAxisLogarithmic(true).setYAxisMin(0.5).setPlotGridVerticalLinesVisible(false);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        XYSeries s = chart.addSeries("documents", x, counts);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line); // a step outline (log axes cannot fill to 0)
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(new Color(40, 70, 140));
        s.setLineStyle(new BasicStroke(2.5f));
        XYSeries n = chart.addSeries("expected if none were watermarked", x, expected);
        n.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        n.setMarker(SeriesMarkers.NONE);
        n.setLineColor(new Color(200, 60, 40));
        n.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        Path tmp = png.resolveSibling(png.getFileName() + ".tmp");
        try (OutputStream o = Files.newOutputStream(tmp)) {
            BitmapEncoder.saveBitmap(chart, o, BitmapEncoder.BitmapFormat.PNG);
        }
        Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
