package dev.telltale.server.internal;

import dev.telltale.server.internal.PdfFonts.Style;
import dev.telltale.server.internal.TextLayout.Cell;
import dev.telltale.server.internal.TextLayout.Line;
import dev.telltale.server.internal.TextLayout.Segment;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.documentinterchange.markedcontent.PDPropertyList;

/**
 * Flows text, tables, a line plot and coloured tokens down A4 pages with the bundled Unicode fonts
 * ({@link PdfFonts}, laid out by {@link TextLayout}). A character no bundled font covers is drawn as U+FFFD,
 * and the document then says once that the signed JSON report holds the exact text. Runs that PDFBox shapes
 * with glyph substitution that reorders or joins glyphs (Devanagari) carry their text as /ActualText, so
 * viewers that honour it copy and search the exact characters.
 */
final class PdfWriter {
    private static final float MARGIN = 50;
    private static final Color GREEN_BG = new Color(0xC8, 0xF0, 0xD0);
    private static final Color RED_BG = new Color(0xF8, 0xD0, 0xCC);
    private static final Color GREY_BG = new Color(0xE8, 0xE8, 0xE8);
    private static final Color NOTICE = new Color(0x8A, 0x1C, 0x1C);
    private static final COSName SPAN = COSName.getPDFName("Span");
    private final PDDocument doc;
    private final PdfFonts fonts;
    private PDPageContentStream cs;
    private float y;
    private final float width;
    private boolean noticed;

    PdfWriter(PDDocument doc) throws IOException {
        this.doc = doc;
        this.fonts = new PdfFonts(doc);
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

    /** One line of text (wrapped if wider than the page). */
    void text(Style style, float size, String s, Color c) throws IOException {
        for (Line line : lay(List.of(new Cell(s, null)), style, size, width)) {
            need(size * 1.4f);
            y -= size * 1.3f;
            draw(line, MARGIN, width, style, size, c, 0);
        }
    }

    /** Text wrapped between words. */
    void paragraph(Style style, float size, String s) throws IOException {
        paragraph(style, size, s, Color.BLACK);
    }

    private void paragraph(Style style, float size, String s, Color c) throws IOException {
        List<Cell> words = new ArrayList<>();
        for (String w : s.split("(?<= )")) {
            words.add(new Cell(w, null));
        }
        for (Line line : lay(words, style, size, width)) {
            need(size * 1.4f);
            y -= size * 1.3f;
            draw(line, MARGIN, width, style, size, c, 0);
        }
    }

    /** Label / value rows; long values (hashes, parameters) wrap in their column. */
    void table(List<String[]> rows) throws IOException {
        float size = 9;
        float col = 95;
        for (String[] r : rows) {
            List<Line> lines = lay(List.of(new Cell(r[1], null)), Style.REGULAR, size, width - col);
            for (int i = 0; i < lines.size(); i++) {
                need(size * 1.5f);
                y -= size * 1.45f;
                if (i == 0) {
                    label(Style.BOLD, size, r[0], MARGIN, y, Color.BLACK);
                }
                draw(lines.get(i), MARGIN + col, width - col, Style.REGULAR, size, Color.BLACK, 0);
            }
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
        label(Style.REGULAR, 8, "0", x0 - 10, y0, Color.BLACK);
        label(Style.REGULAR, 8, String.format(java.util.Locale.ROOT, "%.0f", max), x0 - 28, y0 + h - 8, Color.BLACK);
        label(Style.REGULAR, 8, "scored tokens: " + n, x0 + w - 80, y0 - 10, Color.BLACK);
        if (n > 1) {
            if (!Double.isNaN(nullMean)) {
                cs.setStrokingColor(Color.GRAY);
                cs.setLineDashPattern(new float[] {3, 3}, 0);
                cs.moveTo(x0, y0);
                cs.lineTo(x0 + w, (float) (y0 + h * nullMean * n / max));
                cs.stroke();
                cs.setLineDashPattern(new float[] {}, 0);
                label(Style.REGULAR, 8, "expected without the watermark", x0 + 5, y0 + h - 12, Color.GRAY);
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
            label(Style.REGULAR, 8, "cumulative score", x0 + 5, y0 + h - 22, new Color(0x0B, 0x6E, 0x2E));
        }
        y = y0 - 14;
    }

    /** Tokens on coloured backgrounds, wrapped; newlines in the text start new lines. */
    void tokens(String[] pieces, double[] scores, double threshold, int maxTokens) throws IOException {
        float size = 9.5f;
        float lineH = size * 1.6f;
        int n = Math.min(pieces.length, maxTokens);
        List<Cell> cells = new ArrayList<>(n);
        boolean drawable = true;
        for (int i = 0; i < n; i++) {
            Color bg = Double.isNaN(scores[i]) ? GREY_BG : scores[i] > threshold ? GREEN_BG : RED_BG;
            cells.add(new Cell(pieces[i], bg));
            drawable &= pieces[i].codePoints().allMatch(PdfFonts::drawable);
        }
        if (!drawable) {
            notice();
        }
        for (Line line : lay(cells, Style.REGULAR, size, width)) {
            need(lineH);
            y -= lineH;
            draw(line, MARGIN, width, Style.REGULAR, size, Color.BLACK, size);
        }
        if (pieces.length > n) {
            gap(6);
            text(Style.REGULAR, 9, "(" + (pieces.length - n) + " more tokens not shown)", Color.DARK_GRAY);
        }
    }

    /** Says (once) that some characters were drawn as U+FFFD and where the exact text is. */
    void notice() throws IOException {
        if (noticed) {
            return;
        }
        noticed = true;
        List<String> missing = PdfFonts.missingFonts();
        gap(4);
        paragraph(Style.BOLD, 9.5f, "Some characters of this text could not be drawn with the fonts embedded in this PDF and are shown as "
                + "\uFFFD. The signed JSON report holds the exact text." + (missing.isEmpty() ? ""
                : " (This server was built without the fonts " + String.join(", ", missing) + ".)"), NOTICE);
        gap(4);
    }

    void close() throws IOException {
        if (fonts.incomplete() && !noticed) {
            gap(8);
            notice();
        }
        cs.close();
        cs = null;
    }

    private List<Line> lay(List<Cell> cells, Style style, float size, float maxWidth) throws IOException {
        return TextLayout.layout(cells, maxWidth, t -> fonts.width(t, style, size));
    }

    /**
     * Draws a laid-out line at baseline {@link #y}: the cells' backgrounds ({@code bgHeight > 0}), then the line's
     * text in one pass, so glyph substitution (Devanagari conjuncts, vowel signs) also works across token borders.
     */
    private void draw(Line line, float x0, float maxWidth, Style style, float size, Color c, float bgHeight) throws IOException {
        float x = line.rtl() ? x0 + Math.max(0, maxWidth - line.width()) : x0;
        StringBuilder text = new StringBuilder();
        for (Segment s : line.segments()) {
            if (bgHeight > 0 && s.background() != null && s.width() > 0) {
                cs.setNonStrokingColor(s.background());
                cs.addRect(x + s.x(), y - 3, s.width(), bgHeight + 3);
                cs.fill();
            }
            text.append(s.text());
        }
        label(style, size, text.toString(), x, y, c);
    }

    /** Draws text (already in visual order) at a point, font by font. */
    private void label(Style style, float size, String s, float x, float yy, Color c) throws IOException {
        for (PdfFonts.Run r : fonts.runs(s, style)) {
            if (r.font() == null) { // no font has U+FFFD either: an empty box
                cs.setStrokingColor(c);
                cs.setLineWidth(0.6f);
                cs.addRect(x + 0.1f * size, yy - 0.1f * size, 0.4f * size, 0.8f * size);
                cs.stroke();
                x += 0.6f * size;
                continue;
            }
            if (r.complex()) {
                COSDictionary props = new COSDictionary();
                props.setString(COSName.ACTUAL_TEXT, r.text());
                cs.beginMarkedContent(SPAN, PDPropertyList.create(props));
            }
            cs.beginText();
            cs.setNonStrokingColor(c);
            cs.setFont(r.font(), size);
            cs.newLineAtOffset(x, yy);
            cs.showText(r.text());
            cs.endText();
            if (r.complex()) {
                cs.endMarkedContent();
            }
            x += r.font().getStringWidth(r.text()) / 1000 * size;
        }
    }
}
