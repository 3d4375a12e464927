package dev.telltale.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.documentinterchange.markedcontent.PDMarkedContent;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFMarkedContentExtractor;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analyst's PDF shows the tested text as it is in every script the bundled fonts cover: texts are detected
 * through the real server, their PDFs fetched over loopback HTTP and read back with PDFBox's text extraction.
 * A character no font covers is drawn as U+FFFD and the PDF says once where the exact text is.
 */
class PdfUnicodeTest {
    static final String CYRILLIC = "Суд присяжных заявил, что расследование не выявило никаких нарушений в работе избирательной комиссии.";
    static final String GREEK = "Η κριτική επιτροπή δήλωσε ότι η έρευνα δεν βρήκε καμία παρατυπία στις εκλογές της πόλης.";
    static final String CHINESE = "陪审团表示，调查没有发现该市选举中存在任何违规行为。";
    static final String JAPANESE = "陪審員は、調査で不正は見つからなかったと述べた。カタカナも。";
    static final String KOREAN = "배심원단은 조사 결과 부정행위가 발견되지 않았다고 밝혔다.";
    static final String ARABIC = "قالت هيئة المحلفين إن التحقيق لم يكشف عن أي مخالفات في الانتخابات.";
    static final String HEBREW = "חבר המושבעים אמר שהחקירה לא מצאה אי סדרים בבחירות.";
    static final String HINDI = "जूरी ने कहा कि जांच में चुनाव में कोई अनियमितता नहीं पाई गई।";
    static final String THAI = "คณะลูกขุนกล่าวว่าการสอบสวนไม่พบความผิดปกติในการเลือกตั้ง";
    static final String EMOJI = "The jury said 😀 and the city 👍 celebrated 🎉 with a rocket 🚀 and a heart ❤.";
    static final String COMBINING = "Cafe\u0301 nai\u0308ve re\u0301sume\u0301 and the jury\u0327 a\u0323\u0302 said so.";
    /** Cuneiform: no bundled font has it. */
    static final String UNCOVERED = "The jury said 𒀀𒀁 was written on the tablet.";

    @TempDir
    static Path data;
    static TestServer srv;
    static String analyst;

    @BeforeAll
    static void start() {
        srv = TestServer.start(data);
        analyst = srv.token("analyst");
    }

    @AfterAll
    static void stop() {
        srv.close();
    }

    /** Detects {@code text} as an analyst and returns the report's PDF. */
    static PDDocument pdf(String text) throws Exception {
        JsonNode d = srv.post("/v1/detect", analyst, TestServer.JSON.createObjectNode().put("text", text)).expect(200);
        TestServer.Response r = srv.get("/v1/reports/" + d.path("report_id").asText() + ".pdf", analyst);
        assertEquals(200, r.status(), r.text());
        Path out = Path.of("target", "pdf-unicode"); // kept for a look: pdftoppm -png target/pdf-unicode/X.pdf
        Files.createDirectories(out);
        Files.write(out.resolve(Integer.toHexString(text.hashCode()) + ".pdf"), r.body());
        return Loader.loadPDF(r.body());
    }

    /** The extracted text, NFC, whitespace runs as one space. */
    static String text(PDDocument doc) throws Exception {
        return nfc(new PDFTextStripper().getText(doc)).replaceAll("\\s+", " ");
    }

    static String nfc(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFC);
    }

    static void assertShows(String expected) throws Exception {
        try (PDDocument doc = pdf(expected)) {
            String t = text(doc);
            assertTrue(t.contains(nfc(expected)), "the tested text\n" + expected + "\nin the PDF text\n" + t);
            assertFalse(t.contains("could not be drawn"), t);
            assertFalse(t.contains("\uFFFD"), t);
        }
    }

    @Test
    void cyrillicText_isDrawnAsIs() throws Exception {
        assertShows(CYRILLIC);
    }

    @Test
    void greekText_isDrawnAsIs() throws Exception {
        assertShows(GREEK);
    }

    @Test
    void chineseJapaneseKoreanText_isDrawnAsIs() throws Exception {
        assertShows(CHINESE);
        assertShows(JAPANESE);
        assertShows(KOREAN);
    }

    @Test
    void arabicText_isJoinedAndReadsBackInLogicalOrder() throws Exception {
        try (PDDocument doc = pdf(ARABIC)) {
            String t = text(doc);
            // PDFTextStripper folds presentation forms back (NFKC) and reorders right-to-left runs to logical order
            assertTrue(Normalizer.normalize(t, Normalizer.Form.NFKC).contains(ARABIC.substring(0, ARABIC.length() - 1)), ARABIC + "\nin\n" + t);
            String drawn = drawnCharacters(doc);
            // in drawing (visual) order: medial meem after initial lam of المحلفين, reversed; the lam-alef ligature of الانتخابات
            assertTrue(drawn.contains("\uFEE4\uFEDF") && drawn.contains("\uFEFB"), "drawn with joining forms (initial lam, medial meem;"
                    + " lam-alef ligature): " + drawn);
            assertFalse(t.contains("could not be drawn"), t);
        }
    }

    @Test
    void hebrewText_readsBackInLogicalOrder() throws Exception {
        try (PDDocument doc = pdf(HEBREW)) {
            String t = text(doc);
            assertTrue(t.contains(HEBREW.substring(0, HEBREW.length() - 1)), HEBREW + "\nin\n" + t);
        }
    }

    @Test
    void devanagariText_isShapedAndCarriesItsExactTextAsActualText() throws Exception {
        try (PDDocument doc = pdf(HINDI)) {
            assertTrue(fonts(doc).stream().anyMatch(f -> f.contains("NotoSansDevanagari")), "fonts: " + fonts(doc));
            StringBuilder actual = new StringBuilder();
            for (PDPage page : doc.getPages()) {
                PDFMarkedContentExtractor mc = new PDFMarkedContentExtractor();
                mc.processPage(page);
                for (PDMarkedContent m : mc.getMarkedContents()) {
                    if (m.getActualText() != null) {
                        actual.append(m.getActualText());
                    }
                }
            }
            for (String word : HINDI.replace("।", "").split(" ")) {
                assertTrue(actual.toString().contains(word), "word " + word + " in the ActualText " + actual);
            }
            assertFalse(text(doc).contains("could not be drawn"));
        }
    }

    @Test
    void thaiText_isDrawnAsIs() throws Exception {
        assertShows(THAI);
    }

    @Test
    void emoji_areDrawnWithTheEmojiFont() throws Exception {
        assertShows(EMOJI);
        try (PDDocument doc = pdf(EMOJI)) {
            assertTrue(fonts(doc).stream().anyMatch(f -> f.contains("NotoEmoji")), "fonts: " + fonts(doc));
        }
    }

    @Test
    void combiningMarks_stayOnTheirLetters() throws Exception {
        assertShows(COMBINING);
    }

    @Test
    void mixedScripts_eachInItsFont() throws Exception {
        String mix = "The jury said: Суд, Ελληνικά, 中文 and 한국어, 🎉🚀 and café.";
        assertShows(mix);
        try (PDDocument doc = pdf(mix)) {
            Set<String> f = fonts(doc);
            for (String name : List.of("DejaVuSans", "DroidSansFallback", "NotoEmoji")) {
                assertTrue(f.stream().anyMatch(n -> n.contains(name)), name + " in " + f);
            }
            assertTrue(f.stream().allMatch(n -> n.matches("[A-Z]{6}\\+.*")), "every font is an embedded subset: " + f);
        }
    }

    @Test
    void longCjkText_staysSmall_becauseOnlyTheUsedGlyphsAreEmbedded() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1500; i++) {
            sb.appendCodePoint(0x4E00 + i * 13);
            if (i % 40 == 39) {
                sb.append('\n');
            }
        }
        String text = sb.toString();
        long t0 = System.nanoTime();
        JsonNode d = srv.post("/v1/detect", analyst, TestServer.JSON.createObjectNode().put("text", text)).expect(200);
        TestServer.Response r = srv.get("/v1/reports/" + d.path("report_id").asText() + ".pdf", analyst);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(200, r.status(), r.text());
        System.out.printf("1,500 distinct CJK characters (%d tokens): PDF of %,d bytes in %d ms (detect + render)%n",
                d.path("tokens_total").asLong(), r.body().length, ms);
        // the CJK font alone is 3.4 MB: a PDF far below that embeds a subset
        assertTrue(r.body().length < 1_000_000, "PDF of " + r.body().length + " bytes");
        try (PDDocument doc = Loader.loadPDF(r.body())) {
            String t = text(doc).replace(" ", "");
            assertTrue(t.contains(text.replace("\n", "").substring(0, 200)), t);
        }
    }

    @Test
    void uncoveredCharacters_areDrawnAsReplacementAndNoticedOnce() throws Exception {
        try (PDDocument doc = pdf(UNCOVERED)) {
            String t = text(doc);
            assertTrue(t.contains("The jury said \uFFFD\uFFFD was written on the tablet."), t);
            Matcher m = Pattern.compile("could not be drawn").matcher(t);
            int notices = 0;
            while (m.find()) {
                notices++;
            }
            assertEquals(1, notices, t);
            assertTrue(t.contains("The signed JSON report holds the exact text."), t);
            assertFalse(t.contains("?"), "never a silent '?': " + t);
        }
    }

    @Test
    void submitterPdf_ofUnicodeText_hasNoNotice_becauseItShowsNoText() throws Exception {
        String submitter = srv.token("submitter");
        String text = Texts.human(3, 1500) + " " + CYRILLIC + " " + CHINESE;
        JsonNode d = srv.post("/v1/detect", submitter, TestServer.JSON.createObjectNode().put("text", text)).expect(200);
        TestServer.Response r = srv.get("/v1/reports/" + d.path("report_id").asText() + ".pdf", submitter);
        try (PDDocument doc = Loader.loadPDF(r.body())) {
            String t = text(doc);
            assertTrue(t.contains("Verdict: NOT DETECTED"), t);
            assertFalse(t.contains("could not be drawn"), t);
            assertFalse(t.contains(CHINESE), "no text for submitters");
        }
    }

    static Set<String> fonts(PDDocument doc) throws Exception {
        Set<String> out = new HashSet<>();
        for (PDPage p : doc.getPages()) {
            for (var name : p.getResources().getFontNames()) {
                PDFont f = p.getResources().getFont(name);
                out.add(f.getName());
            }
        }
        return out;
    }

    /** The characters of the glyphs as drawn (before the extractor folds presentation forms and reorders). */
    static String drawnCharacters(PDDocument doc) throws Exception {
        StringBuilder sb = new StringBuilder();
        PDFTextStripper raw = new PDFTextStripper() {
            @Override
            protected void writeString(String text, List<TextPosition> positions) {
                positions.forEach(p -> sb.append(p.getUnicode()));
            }
        };
        raw.getText(doc);
        return sb.toString();
    }
}
