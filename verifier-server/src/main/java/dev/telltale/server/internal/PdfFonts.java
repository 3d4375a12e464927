package dev.telltale.server.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.fontbox.ttf.CmapSubtable;
import org.apache.fontbox.ttf.CmapTable;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.fontbox.ttf.model.Language;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The Unicode fonts of the PDF report and the choice of a font for each character. The fonts are TrueType files
 * bundled in the jar (fetched at build time by {@code scripts/fetch_fonts.sh}; sources and licences in
 * {@code dev/telltale/server/fonts/NOTICE}) and embedded as subsetted Type 0 fonts, so a PDF holds only the
 * glyphs it uses. Fallback order: DejaVu Sans (Latin, Greek, Cyrillic, Hebrew, Arabic, symbols), Noto Sans
 * Devanagari, Noto Sans Thai, Noto Naskh Arabic, Droid Sans Fallback (CJK ideographs, kana, Hangul), Noto Emoji (monochrome);
 * bold text tries DejaVu Sans Bold first. A character no font covers is drawn as U+FFFD and counted (see
 * {@link #incomplete()}); format characters no font covers (ZWJ, variation selectors, bidi controls) are not drawn.
 *
 * <p>One instance per document (fonts are loaded into it on first use); the parsed coverage tables are shared.
 */
final class PdfFonts {
    enum Style { REGULAR, BOLD }

    /** A piece of text drawn with one font; {@code font == null} is a missing character drawn as a box. */
    record Run(PDType0Font font, String text, boolean complex) {}

    static final String RESOURCES = "/dev/telltale/server/fonts/";
    static final List<String> REGULAR = List.of("DejaVuSans.ttf", "NotoSansDevanagari-Regular.ttf", "NotoSansThai-Regular.ttf",
            "NotoNaskhArabic-Regular.ttf",
            "DroidSansFallback.ttf", "NotoEmoji-Regular.ttf");
    static final String BOLD = "DejaVuSans-Bold.ttf";
    /** PDFBox's own Liberation Sans (Latin, Greek, Cyrillic): the last resort of a build without the fonts. */
    private static final String LIBERATION = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";
    /** Scripts whose PDFBox glyph substitution reorders or joins glyphs, so the drawn glyphs do not spell the text. */
    private static final EnumSet<Language> COMPLEX = EnumSet.of(Language.DEVANAGARI, Language.BENGALI, Language.GUJARATI);

    private record Face(String name, byte[] data, CmapSubtable cmap) {
        boolean covers(int cp) {
            return cmap.getGlyphId(cp) > 0;
        }
    }

    /** The bundled faces, parsed once (coverage only; each document loads its own copy to embed). */
    private static final class Bundle {
        static final Bundle INSTANCE = new Bundle();
        final List<Face> regular = new ArrayList<>();
        final List<Face> bold = new ArrayList<>();
        final List<String> missing = new ArrayList<>();
        final Face replacement;

        private Bundle() {
            for (String name : REGULAR) {
                Face f = face(RESOURCES + name);
                if (f == null) {
                    missing.add(name);
                } else {
                    regular.add(f);
                }
            }
            if (regular.isEmpty() || !regular.get(0).name().endsWith("DejaVuSans.ttf")) {
                regular.add(0, face(LIBERATION));
            }
            Face b = face(RESOURCES + BOLD);
            if (b == null) {
                missing.add(BOLD);
            } else {
                bold.add(b);
            }
            bold.addAll(regular);
            replacement = regular.stream().filter(f -> f.covers(0xFFFD)).findFirst().orElse(null);
        }

        private static Face face(String resource) {
            try (InputStream in = PdfFonts.class.getResourceAsStream(resource)) {
                if (in == null) {
                    return null;
                }
                byte[] data = in.readAllBytes();
                try (TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBuffer(data))) {
                    return new Face(resource, data, unicodeCmap(ttf, resource));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the bundled font " + resource + ": " + e.getMessage(), e);
            }
        }

        private static CmapSubtable unicodeCmap(TrueTypeFont ttf, String resource) throws IOException {
            CmapTable t = ttf.getCmap();
            int[][] prefs = {{CmapTable.PLATFORM_WINDOWS, CmapTable.ENCODING_WIN_UNICODE_FULL},
                {CmapTable.PLATFORM_UNICODE, CmapTable.ENCODING_UNICODE_2_0_FULL}, {CmapTable.PLATFORM_UNICODE, CmapTable.ENCODING_UNICODE_2_0_BMP},
                {CmapTable.PLATFORM_WINDOWS, CmapTable.ENCODING_WIN_UNICODE_BMP}, {CmapTable.PLATFORM_UNICODE, CmapTable.ENCODING_UNICODE_1_1}};
            for (int[] p : prefs) {
                CmapSubtable s = t == null ? null : t.getSubtable(p[0], p[1]);
                if (s != null) {
                    return s;
                }
            }
            throw new IOException("font " + resource + " has no Unicode cmap");
        }
    }

    private final PDDocument doc;
    private final Map<Face, PDType0Font> loaded = new HashMap<>();
    private int undrawable;

    PdfFonts(PDDocument doc) {
        this.doc = doc;
    }

    /** Bundled font files this build lacks (empty when it was built with the fonts). */
    static List<String> missingFonts() {
        return List.copyOf(Bundle.INSTANCE.missing);
    }

    /** True when some character of some text drawn so far was not covered by any font. */
    boolean incomplete() {
        return undrawable > 0;
    }

    /** True when a bundled font has a glyph for {@code cp}, or it is drawn otherwise (controls) or not at all. */
    static boolean drawable(int cp) {
        int d = display(cp);
        return d < 0 || faceFor(d, Bundle.INSTANCE.regular, null) != null || isFormat(d);
    }

    /** The text (visual order) cut into runs of one font each. */
    List<Run> runs(String text, Style style) throws IOException {
        List<Face> faces = style == Style.BOLD ? Bundle.INSTANCE.bold : Bundle.INSTANCE.regular;
        List<Run> out = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        Face current = null;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            int d = display(cp);
            if (d < 0) {
                continue;
            }
            Face f = faceFor(d, faces, current);
            if (f == null && isFormat(d)) {
                continue; // an invisible format character no font has: nothing to draw
            }
            if (f == null) {
                undrawable++;
                f = Bundle.INSTANCE.replacement;
                d = 0xFFFD;
            }
            if (f != current && run.length() > 0) {
                out.add(run(current, run.toString()));
                run.setLength(0);
            }
            current = f;
            if (f == null) {
                out.add(new Run(null, "\uFFFD", false)); // no font has U+FFFD either: a box
            } else {
                run.appendCodePoint(d);
            }
        }
        if (run.length() > 0) {
            out.add(run(current, run.toString()));
        }
        return out;
    }

    /** The width of {@code text} in points at {@code size}. */
    float width(String text, Style style, float size) throws IOException {
        float w = 0;
        for (Run r : runs(text, style)) {
            w += r.font() == null ? 0.6f * size : r.font().getStringWidth(r.text()) / 1000 * size;
        }
        return w;
    }

    private Run run(Face f, String text) throws IOException {
        PDType0Font font = loaded.get(f);
        if (font == null) {
            font = PDType0Font.load(doc, new RandomAccessReadBuffer(f.data()), true, false);
            loaded.put(f, font);
        }
        return new Run(font, text, COMPLEX.contains(font.getGsubData().getLanguage()));
    }

    /**
     * The first face covering {@code cp}; a combining mark stays in the face of its base character when that face
     * has it.
     */
    private static Face faceFor(int cp, List<Face> faces, Face previous) {
        if (previous != null && isMark(cp) && previous.covers(cp)) {
            return previous;
        }
        for (Face f : faces) {
            if (f.covers(cp)) {
                return f;
            }
        }
        return null;
    }

    /** What is drawn for {@code cp}: tab as space, other C0 controls and DEL as their control pictures, -1 = nothing. */
    private static int display(int cp) {
        if (cp == ArabicShaping.ABSORBED || cp == '\r' || cp == '\n') {
            return -1;
        }
        if (cp == '\t') {
            return ' ';
        }
        if (cp < 0x20) {
            return 0x2400 + cp;
        }
        return cp == 0x7F ? 0x2421 : cp;
    }

    private static boolean isMark(int cp) {
        int t = Character.getType(cp);
        return t == Character.NON_SPACING_MARK || t == Character.ENCLOSING_MARK || t == Character.COMBINING_SPACING_MARK;
    }

    /** Default-ignorable characters: format controls, variation selectors, tags. */
    private static boolean isFormat(int cp) {
        return Character.getType(cp) == Character.FORMAT || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF)
                || cp == 0x034F || (cp >= 0x180B && cp <= 0x180F);
    }
}
