package dev.telltale.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.server.internal.TextLayout.Cell;
import dev.telltale.server.internal.TextLayout.Line;
import dev.telltale.server.internal.TextLayout.Segment;
import java.awt.Color;
import java.text.Normalizer;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Arabic joining forms, bidi reordering, line breaking and font coverage of the PDF layout, without a PDF. */
class TextLayoutTest {
    /** One unit per character: widths are character counts. */
    static final TextLayout.Measure CHARS = t -> (float) t.codePoints().filter(c -> c != ArabicShaping.ABSORBED).count();

    static char[] shape(String s) {
        return ArabicShaping.shape(s.toCharArray(), new int[s.length()], c -> true);
    }

    @Test
    void arabicLetters_takeTheirJoiningForms() {
        // beh yeh teh: initial, medial, final
        assertEquals("\uFE91\uFEF4\uFE96", new String(shape("\u0628\u064A\u062A")));
        // dal joins only backward: isolated dal, then beh starts a new joined pair with teh
        assertEquals("\uFEA9\uFE91\uFE96", new String(shape("\u062F\u0628\u062A")));
        // a mark between letters does not break the joining
        assertEquals("\uFE91\u064E\uFE96", new String(shape("\u0628\u064E\u062A")));
        // a lone letter is isolated
        assertEquals("\uFE8F", new String(shape("\u0628")));
    }

    @Test
    void lamAlef_becomesOneLigature_andNfkcGivesTheTextBack() {
        String word = "\u0627\u0644\u0627\u0646"; // alef lam alef noon
        char[] shaped = shape(word);
        assertEquals(ArabicShaping.ABSORBED, shaped[2]);
        assertEquals('\uFEFB', shaped[1]); // isolated lam-alef: the alef before lam does not join forward
        String drawn = new String(shaped).replace(String.valueOf(ArabicShaping.ABSORBED), "");
        assertEquals(word, Normalizer.normalize(drawn, Normalizer.Form.NFKC));
    }

    @Test
    void lamAlef_acrossTwoCells_isNotLigated() {
        char[] shaped = ArabicShaping.shape("\u0644\u0627".toCharArray(), new int[] {0, 1}, c -> true);
        assertFalse(new String(shaped).contains(String.valueOf(ArabicShaping.ABSORBED)));
    }

    @Test
    void rightToLeftParagraph_isReversedByCluster_andRightAligned() throws Exception {
        String hebrew = "\u05E9\u05B8\u05C1\u05DC\u05D5\u05B9\u05DD (1)"; // shalom with points, then "(1)"
        List<Line> lines = TextLayout.layout(List.of(new Cell(hebrew, null)), 100, CHARS);
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).rtl());
        String visual = lines.get(0).segments().stream().map(Segment::text).collect(Collectors.joining());
        // the number run stays left to right, brackets mirrored; each letter keeps its points after it
        assertEquals("(1) \u05DD\u05D5\u05B9\u05DC\u05E9\u05B8\u05C1", visual);
    }

    @Test
    void leftToRightText_withAnArabicWord_reordersOnlyTheWord() throws Exception {
        List<Line> lines = TextLayout.layout(List.of(new Cell("the word \u0628\u062A here", null)), 100, CHARS);
        String visual = lines.get(0).segments().stream().map(Segment::text).collect(Collectors.joining());
        assertFalse(lines.get(0).rtl());
        assertEquals("the word \uFE96\uFE91 here", visual);
    }

    @Test
    void lines_breakAtSpacesAndBetweenCjkCharacters_andKeepCellBackgrounds() throws Exception {
        Color green = Color.GREEN;
        List<Line> lines = TextLayout.layout(List.of(new Cell("alpha beta ", green), new Cell("gamma", null)), 11, CHARS);
        assertEquals(List.of("alpha beta ", "gamma"), lines.stream()
                .map(l -> l.segments().stream().map(Segment::text).collect(Collectors.joining())).toList());
        assertEquals(green, lines.get(0).segments().get(0).background());
        List<Line> cjk = TextLayout.layout(List.of(new Cell("陪审团表示调查", null)), 3, CHARS);
        assertEquals(3, cjk.size());
        List<Line> hash = TextLayout.layout(List.of(new Cell("0123456789abcdef", null)), 10, CHARS);
        assertEquals(2, hash.size(), "a word wider than the line breaks between characters");
    }

    @Test
    void newlines_startNewLines_andEmptyLinesStay() throws Exception {
        List<Line> lines = TextLayout.layout(List.of(new Cell("a\n\nb", null)), 100, CHARS);
        assertEquals(3, lines.size());
        assertTrue(lines.get(1).segments().isEmpty());
    }

    @Test
    void bundledFonts_coverTheScriptsTheReportPromises() {
        assertEquals(List.of(), PdfFonts.missingFonts(), "build without -Dtelltale.fonts.skip (scripts/fetch_fonts.sh)");
        for (String s : List.of("Aé", "Ω", "Ж", "\u05D0", "\u0628\uFE91", "\u0915\u093F", "\u0E01\u0E34", "中文", "ひカ", "한", "😀🚀", "\u0301", "\uFFFD")) {
            assertTrue(s.codePoints().allMatch(PdfFonts::drawable), s);
        }
        assertTrue("\u200D\uFE0F".codePoints().allMatch(PdfFonts::drawable), "invisible format characters are not missing");
        assertFalse(PdfFonts.drawable(0x12000), "cuneiform: no bundled font");
    }
}
