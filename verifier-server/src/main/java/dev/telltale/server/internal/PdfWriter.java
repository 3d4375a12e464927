package dev.telltale.server.internal;

import java.awt.Color;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;

/**
 * Flows text, tables, a line plot and coloured tokens down A4 pages with PDFBox's standard fonts. Characters
 * the standard fonts cannot encode (WinAnsi) are shown as '?', which the report says.
 */
final class PdfWriter {
    private static final float MARGIN = 50;
    private static final Color GREEN_BG = new Color(0xC8, 0xF0, 0xD0);
    private static final Color RED_BG = new Color(0xF8, 0xD0, 0xCC);
    private static final Color GREY_BG = new Color(0xE8, 0xE8, 0xE8);
    private final PDDocument doc;
    private final Map<Integer, Boolean> encodable = new HashMap<>();
    private PDPageContentStream cs;
    private float y;
    private final float width;

    PdfWriter(PDDocument doc) throws IOException {
        this.doc = doc;
        this.width = PdfReport.pageSize().getWidth() - 2 * MARGIN;
        newPage();
    }

    void newPage() throws IOException {
        if (cs != null) {
            cs.close();
        }
        PDPage page = PdfReport.newPage(doc);
        cs = new PDPageContentStream(doc, page);
        y = page.getMediaBox().getHeight() - MARGIN;
    }

    private void need(float h) throws IOException {
        if (y - h < MARGIN) {
            newPage();
        }
    }

    void gap(float h) {
        y -= h;
    }

    void text(PDType1Font font, float size, String s, Color c) throws IOException {
        need(size * 1.4f);
        y -= size * 1.3f;
        show(font, size, safe(font, s), MARGIN, y, c);
    }

    void paragraph(PDType1Font font, float size, String s) throws IOException {
        StringBuilder line = new StringBuilder();
        for (String word : safe(font, s).split(" ")) {
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (width(font, size, candidate) > width && line.length() > 0) {
                text(font, size, line.toString(), Color.BLACK);
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        if (line.length() > 0) {
            text(font, size, line.toString(), Color.BLACK);
        }
    }

    void table(List<String[]> rows) throws IOException {
        float size = 9;
        for (String[] r : rows) {
            need(size * 1.5f);
            y -= size * 1.45f;
            show(PdfReport.BOLD, size, safe(PdfReport.BOLD, r[0]), MARGIN, y, Color.BLACK);
            String v = safe(PdfReport.REGULAR, r[1]);
            float x = MARGIN + 95;
            while (width(PdfReport.REGULAR, size, v) > width - 95) { // wrap long values (hashes, parameters)
                int cut = v.length() - 1;
                while (cut > 1 && width(PdfReport.REGULAR, size, v.substring(0, cut)) > width - 95) {
                    cut--;
                }
                show(PdfReport.REGULAR, size, v.substring(0, cut), x, y, Color.BLACK);
                v = v.substring(cut);
                need(size * 1.5f);
                y -= size * 1.45f;
            }
            show(PdfReport.REGULAR, size, v, x, y, Color.BLACK);
        }
    }

    /** Cumulative score over scored positions, with the H0 expectation γ·t when {@code nullMean} is known. */
    void plot(double[] scores, double nullMean) throws IOException {
        float h = 150;
        need(h + 30);
        float x0 = MARGIN + 30;
        float y0 = y - h - 10;
        float w = width - 40;
        int n = 0;
        double total = 0;
        for (double s : scores) {
            if (!Double.isNaN(s)) {
                n++;
                total += s;
            }
        }
        double max = Math.max(1, Math.max(total, Double.isNaN(nullMean) ? 0 : nullMean * n));
        cs.setStrokingColor(Color.BLACK);
        cs.setLineWidth(0.8f);
        cs.addRect(x0, y0, w, h);
        cs.stroke();
        show(PdfReport.REGULAR, 8, "0", x0 - 10, y0, Color.BLACK);
        show(PdfReport.REGULAR, 8, String.format(java.util.Locale.ROOT, "%.0f", max), x0 - 28, y0 + h - 8, Color.BLACK);
        show(PdfReport.REGULAR, 8, "scored tokens: " + n, x0 + w - 80, y0 - 10, Color.BLACK);
        if (n > 1) {
            if (!Double.isNaN(nullMean)) {
                cs.setStrokingColor(Color.GRAY);
                cs.setLineDashPattern(new float[] {3, 3}, 0);
                cs.moveTo(x0, y0);
                cs.lineTo(x0 + w, (float) (y0 + h * nullMean * n / max));
                cs.stroke();
                cs.setLineDashPattern(new float[] {}, 0);
                show(PdfReport.REGULAR, 8, "expected without the watermark", x0 + 5, y0 + h - 12, Color.GRAY);
            }
            cs.setStrokingColor(new Color(0x0B, 0x6E, 0x2E));
            cs.setLineWidth(1.2f);
            cs.moveTo(x0, y0);
            double cum = 0;
            int i = 0;
            int step = Math.max(1, n / 800);
            for (double s : scores) {
                if (Double.isNaN(s)) {
                    continue;
                }
                cum += s;
                i++;
                if (i % step == 0 || i == n) {
                    cs.lineTo((float) (x0 + w * i / n), (float) (y0 + h * cum / max));
                }
            }
            cs.stroke();
            show(PdfReport.REGULAR, 8, "cumulative score", x0 + 5, y0 + h - 22, new Color(0x0B, 0x6E, 0x2E));
        }
        y = y0 - 14;
    }

    /** Tokens on coloured backgrounds, wrapped; newlines in the text start new lines. */
    void tokens(String[] pieces, double[] scores, double threshold, int maxTokens) throws IOException {
        float size = 9.5f;
        float lineH = size * 1.6f;
        need(lineH);
        y -= lineH;
        float x = MARGIN;
        int n = Math.min(pieces.length, maxTokens);
        for (int i = 0; i < n; i++) {
            String[] lines = pieces[i].split("\n", -1);
            for (int l = 0; l < lines.length; l++) {
                if (l > 0) {
                    x = MARGIN;
                    need(lineH);
                    y -= lineH;
                }
                String t = safe(PdfReport.REGULAR, lines[l].replace('\t', ' ').replace('\r', ' '));
                if (t.isEmpty()) {
                    continue;
                }
                float tw = width(PdfReport.REGULAR, size, t);
                if (x + tw > MARGIN + width && x > MARGIN) {
                    x = MARGIN;
                    need(lineH);
                    y -= lineH;
                }
                Color bg = Double.isNaN(scores[i]) ? GREY_BG : scores[i] > threshold ? GREEN_BG : RED_BG;
                cs.setNonStrokingColor(bg);
                cs.addRect(x, y - 3, tw, size + 3);
                cs.fill();
                show(PdfReport.REGULAR, size, t, x, y, Color.BLACK);
                x += tw;
            }
        }
        if (pieces.length > n) {
            gap(6);
            text(PdfReport.REGULAR, 9, "(" + (pieces.length - n) + " more tokens not shown)", Color.DARK_GRAY);
        }
    }

    void close() throws IOException {
        cs.close();
        cs = null;
    }

    private void show(PDType1Font font, float size, String s, float x, float yy, Color c) throws IOException {
        cs.beginText();
        cs.setNonStrokingColor(c);
        cs.setFont(font, size);
        cs.newLineAtOffset(x, yy);
        cs.showText(s);
        cs.endText();
    }

    private static float width(PDType1Font font, float size, String s) throws IOException {
        return font.getStringWidth(s) / 1000 * size;
    }

    /** Replaces characters the font cannot encode with '?'. */
    private String safe(PDType1Font font, String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            boolean ok = encodable.computeIfAbsent(cp, c -> {
                try {
                    font.encode(new String(Character.toChars(c)));
                    return c >= 0x20;
                } catch (IllegalArgumentException | IOException e) {
                    return false;
                }
            });
            sb.append(ok ? new String(Character.toChars(cp)) : "?");
        });
        return sb.toString();
    }
}
