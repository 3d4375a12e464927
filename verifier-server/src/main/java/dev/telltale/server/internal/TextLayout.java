package dev.telltale.server.internal;

import java.awt.Color;
import java.io.IOException;
import java.text.Bidi;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Lays out text for the PDF, which draws glyphs left to right as given: Arabic letters get their joining forms
 * ({@link ArabicShaping}), lines are broken in logical order at the line-break opportunities of
 * {@link BreakIterator#getLineInstance()} (after spaces, between CJK characters; between grapheme clusters inside a
 * word wider than the line), and each line is put in visual order with the Unicode bidirectional
 * algorithm ({@link Bidi}): right-to-left runs are reversed cluster by cluster (a base letter keeps its marks)
 * with mirrored brackets, and a paragraph whose first strong character is right-to-left is right-aligned.
 * A cell is a piece of text with one background (a token of the highlighted text, or a word).
 */
final class TextLayout {
    /** Text with one background colour ({@code null} = none). Newlines in it end paragraphs. */
    record Cell(String text, Color background) {}

    /** A piece of a line in visual order: its glyphs' text, background, x from the line start, width. */
    record Segment(String text, Color background, float x, float width) {}

    /** A line: segments left to right, total width, right-aligned when its paragraph is right-to-left. */
    record Line(List<Segment> segments, float width, boolean rtl) {}

    /** The width of a text in points (at the size and style of the text being laid out). */
    @FunctionalInterface
    interface Measure {
        float width(String text) throws IOException;
    }

    private TextLayout() {}

    /** The lines of {@code cells}, at most {@code maxWidth} wide each; an empty paragraph gives an empty line. */
    static List<Line> layout(List<Cell> cells, float maxWidth, Measure m) throws IOException {
        List<Line> out = new ArrayList<>();
        List<Cell> paragraph = new ArrayList<>();
        for (Cell c : cells) {
            String[] parts = c.text().split("\n", -1);
            for (int k = 0; k < parts.length; k++) {
                if (k > 0) {
                    paragraph(paragraph, maxWidth, m, out);
                    paragraph.clear();
                }
                if (!parts[k].isEmpty()) {
                    paragraph.add(new Cell(parts[k], c.background()));
                }
            }
        }
        paragraph(paragraph, maxWidth, m, out);
        return out;
    }

    private static void paragraph(List<Cell> cells, float maxWidth, Measure m, List<Line> out) throws IOException {
        StringBuilder sb = new StringBuilder();
        List<Color> backgrounds = new ArrayList<>();
        for (Cell c : cells) {
            sb.append(c.text());
            backgrounds.add(c.background());
        }
        int n = sb.length();
        char[] text = new char[n];
        sb.getChars(0, n, text, 0);
        int[] cellOf = new int[n];
        for (int k = 0, at = 0; k < cells.size(); k++) {
            int len = cells.get(k).text().length();
            Arrays.fill(cellOf, at, at + len, k);
            at += len;
        }
        char[] shaped = ArabicShaping.applies(text) ? ArabicShaping.shape(text, cellOf, PdfFonts::drawable) : text;
        boolean bidi = Bidi.requiresBidi(shaped, 0, n);
        boolean rtl = bidi && !new Bidi(new String(shaped), Bidi.DIRECTION_DEFAULT_LEFT_TO_RIGHT).baseIsLeftToRight();

        // break opportunities of UAX #14 (spaces, CJK between characters); a unit wider than the line breaks
        // between grapheme clusters
        List<int[]> lines = new ArrayList<>();
        int lineStart = 0;
        float w = 0;
        BreakIterator opportunities = BreakIterator.getLineInstance();
        opportunities.setText(new String(text));
        for (int s = 0, e = opportunities.next(); e != BreakIterator.DONE; s = e, e = opportunities.next()) {
            String unit = new String(shaped, s, e - s);
            float uw = m.width(unit);
            if (uw <= maxWidth) {
                if (w > 0 && w + uw > maxWidth) {
                    lines.add(new int[] {lineStart, s});
                    lineStart = s;
                    w = 0;
                }
                w += uw;
                continue;
            }
            BreakIterator clusters = BreakIterator.getCharacterInstance();
            clusters.setText(unit);
            for (int a = 0, b = clusters.next(); b != BreakIterator.DONE; a = b, b = clusters.next()) {
                float clw = m.width(unit.substring(a, b));
                if (w > 0 && w + clw > maxWidth) {
                    lines.add(new int[] {lineStart, s + a});
                    lineStart = s + a;
                    w = 0;
                }
                w += clw;
            }
        }
        lines.add(new int[] {lineStart, n});
        for (int[] l : lines) {
            out.add(line(shaped, cellOf, backgrounds, l[0], l[1], bidi, rtl, m));
        }
    }

    private static Line line(char[] shaped, int[] cellOf, List<Color> backgrounds, int from, int to, boolean bidi, boolean rtl, Measure m)
            throws IOException {
        List<int[]> runs = new ArrayList<>(); // {start, end, level}
        Bidi b = bidi && to > from ? new Bidi(shaped, from, null, 0, to - from, rtl ? Bidi.DIRECTION_RIGHT_TO_LEFT : Bidi.DIRECTION_LEFT_TO_RIGHT)
                : null;
        for (int i = from; i < to; ) {
            int level = b == null ? 0 : b.getLevelAt(i - from);
            int j = i + 1;
            while (j < to && cellOf[j] == cellOf[i] && (b == null || b.getLevelAt(j - from) == level)) {
                j++;
            }
            runs.add(new int[] {i, j, level});
            i = j;
        }
        if (b != null) {
            byte[] levels = new byte[runs.size()];
            for (int k = 0; k < levels.length; k++) {
                levels[k] = (byte) runs.get(k)[2];
            }
            Object[] visual = runs.toArray();
            Bidi.reorderVisually(levels, 0, visual, 0, visual.length);
            runs.clear();
            for (Object o : visual) {
                runs.add((int[]) o);
            }
        }
        List<Segment> segments = new ArrayList<>();
        float x = 0;
        for (int[] r : runs) {
            String t = new String(shaped, r[0], r[1] - r[0]);
            if ((r[2] & 1) == 1) {
                t = reverseClusters(t);
            }
            float w = m.width(t);
            segments.add(new Segment(t, backgrounds.get(cellOf[r[0]]), x, w));
            x += w;
        }
        return new Line(segments, x, rtl);
    }

    /** Right-to-left text in drawing order: grapheme clusters reversed, each kept whole, brackets mirrored. */
    static String reverseClusters(String s) {
        BreakIterator clusters = BreakIterator.getCharacterInstance();
        clusters.setText(s);
        List<String> parts = new ArrayList<>();
        for (int a = 0, b = clusters.next(); b != BreakIterator.DONE; a = b, b = clusters.next()) {
            String c = s.substring(a, b);
            parts.add(c.length() == 1 ? String.valueOf(mirror(c.charAt(0))) : c);
        }
        Collections.reverse(parts);
        return String.join("", parts);
    }

    private static char mirror(char c) {
        String pairs = "()[]{}<>\u00AB\u00BB\u2039\u203A";
        int i = pairs.indexOf(c);
        return i < 0 ? c : pairs.charAt(i ^ 1);
    }
}
