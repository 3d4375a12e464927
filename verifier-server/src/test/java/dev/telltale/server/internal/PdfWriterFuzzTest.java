package dev.telltale.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.server.internal.PdfFonts.Style;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/**
 * Random Unicode through the PDF writer: any valid text renders (no exception from layout, font choice or
 * PDFBox's glyph substitution), reads back, and gets the notice exactly when a character has no font.
 */
class PdfWriterFuzzTest {
    /** Ranges to draw code points from: scripts the fonts cover, marks, controls, RTL, and ones no font covers. */
    private static final int[][] RANGES = {
        {0x20, 0x7E}, {0xA0, 0x24F}, {0x300, 0x36F}, {0x370, 0x3FF}, {0x400, 0x4FF}, {0x590, 0x5FF}, {0x600, 0x6FF},
        {0x900, 0x97F}, {0xE00, 0xE7F}, {0x3040, 0x30FF}, {0x4E00, 0x9FFF}, {0xAC00, 0xD7A3}, {0x1F300, 0x1FAFF},
        {0x0, 0x1F}, {0x200B, 0x202E}, {0xFE00, 0xFE0F}, {0xFE70, 0xFEFC}, {0xE000, 0xE0FF}, {0x12000, 0x1207F},
        {0x1200, 0x137F}, {0xFFF0, 0xFFFF},
    };

    /** Random text; with {@code drawableOnly} only characters some bundled font draws (or that draw nothing). */
    static String randomText(SplittableRandom rnd, boolean drawableOnly) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + rnd.nextInt(60);
        for (int i = 0; i < n; i++) {
            int[] r = RANGES[rnd.nextInt(RANGES.length)];
            int cp = r[0] + rnd.nextInt(r[1] - r[0] + 1);
            if ((Character.isSurrogate((char) cp) && cp <= 0xFFFF) || (drawableOnly && !PdfFonts.drawable(cp))) {
                continue;
            }
            sb.appendCodePoint(cp);
            if (rnd.nextInt(6) == 0) {
                sb.append(rnd.nextBoolean() ? ' ' : '\n');
            }
        }
        return sb.toString();
    }

    @Test
    void randomUnicode_rendersAndReadsBack_withTheNoticeExactlyWhenACharacterHasNoFont() throws Exception {
        SplittableRandom rnd = new SplittableRandom(20261123);
        int noticed = 0;
        int rounds = 24;
        for (int round = 0; round < rounds; round++) {
            String[] pieces = new String[1 + rnd.nextInt(30)];
            for (int i = 0; i < pieces.length; i++) {
                pieces[i] = randomText(rnd, round % 2 == 0);
            }
            double[] scores = new double[pieces.length];
            Arrays.setAll(scores, i -> rnd.nextInt(3) == 0 ? Double.NaN : rnd.nextInt(2));
            String all = String.join("", pieces);
            boolean drawable = all.codePoints().allMatch(PdfFonts::drawable);
            byte[] pdf;
            try (PDDocument doc = new PDDocument()) {
                PdfWriter w = new PdfWriter(doc);
                w.text(Style.BOLD, 12, pieces[0], Color.BLACK);
                w.tokens(pieces, scores, 0.5, 4000);
                w.close();
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                doc.save(out);
                pdf = out.toByteArray();
            }
            try (PDDocument doc = Loader.loadPDF(pdf)) {
                String t = new PDFTextStripper().getText(doc);
                int notices = t.split("could not be drawn", -1).length - 1;
                assertEquals(drawable ? 0 : 1, notices, "round " + round + ": " + all.codePoints()
                        .mapToObj(Integer::toHexString).toList());
                noticed += notices;
            }
        }
        assertTrue(noticed > 0 && noticed < rounds, "both kinds of text were drawn: " + noticed + " of " + rounds + " with the notice");
    }
}
