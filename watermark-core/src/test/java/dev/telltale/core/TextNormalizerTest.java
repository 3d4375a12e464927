package dev.telltale.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TextNormalizerTest {
    private static final TextNormalizer CONFUSABLES = TextNormalizer.of(EnumSet.of(Normalization.CONFUSABLES));

    @Test
    void default_isExactlyJavaNfc() {
        String s = "Cafe\u0301 \uFB01le \u212B \uFF41";
        assertEquals(Normalizer.normalize(s, Normalizer.Form.NFC), TextNormalizer.DEFAULT.apply(s));
        assertEquals(List.of("nfc"), TextNormalizer.DEFAULT.names());
        assertEquals("nfc", TextNormalizer.DEFAULT.spec());
    }

    @Test
    void parse_robustListsAndErrors() {
        assertEquals(TextNormalizer.ROBUST, TextNormalizer.parse("robust"));
        assertEquals(List.of("invisibles", "nfkc", "confusables", "whitespace", "nfc"), TextNormalizer.ROBUST.names());
        assertEquals(List.of("invisibles", "nfkc", "confusables", "nfc"),
                TextNormalizer.parse("nfkc, confusables,INVISIBLES").names());
        assertEquals(TextNormalizer.DEFAULT, TextNormalizer.parse("nfc"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TextNormalizer.parse("nfkc,homoglyphs"));
        assertTrue(e.getMessage().contains("'homoglyphs'") && e.getMessage().contains("confusables"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TextNormalizer.parse(" "));
    }

    @Test
    void confusables_foldCyrillicAndGreekHomoglyphsInEnglish() {
        // е о а (Cyrillic) and ο (Greek) swapped into Latin words; "сору" entirely Cyrillic look-alikes
        assertEquals("The quick brown fox made a copy of it.",
                CONFUSABLES.apply("Th\u0435 quick br\u043Ewn f\u03BFx m\u0430de a \u0441\u043E\u0440\u0443 of it."));
        // case follows the homoglyph: Cyrillic І (U+0406) is "I", not "l" (they share the skeleton "l")
        assertEquals("In Paris", CONFUSABLES.apply("\u0406n P\u0430ris"));
        // accented homoglyph keeps its mark: Cyrillic ё -> ë
        assertEquals("no\u00EBl", CONFUSABLES.apply("no\u0451l"));
        // restricted Latin look-alikes (IPA a, script g) fold; allowed letters stay
        assertEquals("a gag", CONFUSABLES.apply("\u0251 \u0261ag"));
        assertEquals("caf\u00E9 stra\u00DFe \u0131stanbul \u00F8l \u0142\u00F3d\u017A", CONFUSABLES.apply("caf\u00E9 stra\u00DFe \u0131stanbul \u00F8l \u0142\u00F3d\u017A"));
    }

    @Test
    void confusables_neverRewriteAscii_rnStaysRn() {
        String ascii = "modern rn m 1 l I 0 O vv w cl d";
        assertSame(ascii, CONFUSABLES.apply(ascii));
    }

    @Test
    void confusables_leaveTextInOtherScriptsAlone() {
        for (String s : List.of(
                "\u041F\u0440\u0438\u0432\u0435\u0442, \u043A\u0430\u043A \u0434\u0435\u043B\u0430? \u042D\u0442\u043E \u043E\u0431\u044B\u0447\u043D\u044B\u0439 \u0440\u0443\u0441\u0441\u043A\u0438\u0439 \u0442\u0435\u043A\u0441\u0442 \u0441\u043E \u0441\u043B\u043E\u0432\u043E\u043C \u0441\u043E\u0440.",
                "\u0395\u03BB\u03BB\u03B7\u03BD\u03B9\u03BA\u03AC \u03BA\u03B1\u03B9 \u03BF \u03BA\u03CC\u03C3\u03BC\u03BF\u03C2",
                "Der Begriff \u03C3\u03BF\u03C6\u03AF\u03B1 bedeutet Weisheit")) {
            assertEquals(s, CONFUSABLES.apply(s));
        }
        for (Map.Entry<String, String> c : torture().entrySet()) {
            if (c.getKey().equals("mixed_scripts") || c.getKey().equals("cjk") || c.getKey().equals("indic")
                    || c.getKey().equals("rtl") || c.getKey().equals("hangul_jamo")) {
                assertEquals(Normalizer.normalize(c.getValue(), Normalizer.Form.NFC), CONFUSABLES.apply(c.getValue()), c.getKey());
            }
        }
    }

    @Test
    void invisibles_removeZeroWidthBidiAndControls_keepLineBreaks() {
        TextNormalizer inv = TextNormalizer.parse("invisibles");
        assertEquals("zerowidthnonjoinerwordbom softhyphen",
                inv.apply("zero\u200Bwidth\u200Cnon\u200Djoiner\u2060word\uFEFFbom \u00ADsoft\u00ADhyphen"));
        assertEquals("RLM RLO isolate", inv.apply("\u200FRLM\u200E \u202ERLO\u202C \u2067isolate\u2069"));
        assertEquals("a\tb\nc\r\nd", inv.apply("a\u0000\tb\u0007\nc\u001B\r\nd\u007F\u009F"));
        String plain = "plain text\n\nwith paragraphs";
        assertSame(plain, inv.apply(plain));
    }

    @Test
    void nfkc_foldsCompatibilityForms() {
        TextNormalizer k = TextNormalizer.parse("nfkc");
        assertEquals("the file ABC123", k.apply("\uFF54\uFF48\uFF45 \uFB01le \uD835\uDC00\uD835\uDC01\uD835\uDC02\uFF11\uFF12\uFF13"));
        assertEquals("a b", k.apply("a\u00A0b"));
    }

    @Test
    void whitespace_foldsRunsToOneSpaceLineOrBlankLine() {
        TextNormalizer w = TextNormalizer.parse("whitespace");
        assertEquals("a b c d\n\ne\n\nf\ng h i j k l\nm\nn\n\no",
                w.apply("a  b   c\t\td\n\n\ne\r\n\r\nf \r\n g\u00A0h\u00A0\u00A0i\u3000j\u2003\u2009k \u1680l\u2028m\u2029n\u000B\u000Co"));
        String plain = "One.\n\nTwo three.\nFour";
        assertSame(plain, w.apply(plain));
    }

    @Test
    void robust_isIdempotent_andAFixedPointOfEverySubset() {
        List<String> texts = new ArrayList<>(torture().values());
        SplittableRandom rnd = new SplittableRandom(7);
        int[] pool = {'a', 'e', 'o', ' ', '\n', '\t', 0x0430, 0x0435, 0x043E, 0x03BF, 0x200B, 0x200D, 0x00A0, 0x3000,
                0xFF41, 0xFB01, 0x0301, 0x0308, 0x0251, 0x0406, 0x041F, 0x0436, 0x4E2D, 0x1F600, 0x202E, 0x0000, '\r', 0x2028};
        for (int i = 0; i < 2000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int j = rnd.nextInt(30); j > 0; j--) {
                sb.appendCodePoint(pool[rnd.nextInt(pool.length)]);
            }
            texts.add(sb.toString());
        }
        Normalization[] optional = {Normalization.INVISIBLES, Normalization.NFKC, Normalization.CONFUSABLES, Normalization.WHITESPACE};
        for (String t : texts) {
            String r = TextNormalizer.ROBUST.apply(t);
            assertEquals(r, TextNormalizer.ROBUST.apply(r), () -> "not idempotent on " + escape(t));
            for (int mask = 0; mask < 16; mask++) {
                EnumSet<Normalization> set = EnumSet.of(Normalization.NFC);
                for (int b = 0; b < 4; b++) {
                    if ((mask & 1 << b) != 0) {
                        set.add(optional[b]);
                    }
                }
                assertEquals(r, TextNormalizer.of(set).apply(r), () -> set + " changes robust output of " + escape(t));
            }
        }
    }

    @Test
    void robust_leavesEveryBrownTokenUnchanged() {
        TextTokenizer tok = Tokenizers.load("qwen3");
        long tokens = 0;
        for (EmbeddedCorpora.Document d : EmbeddedCorpora.brown()) {
            int[] ids = tok.encode(d.text());
            assertArrayEquals(ids, tok.encode(TextNormalizer.ROBUST.apply(d.text())), d.id());
            tokens += ids.length;
        }
        assertTrue(tokens > 1_000_000, "Brown tokens: " + tokens);
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(c -> sb.append(c < 0x80 && c >= 0x20 ? String.valueOf((char) c) : String.format("\\u{%x}", c)));
        return sb.toString();
    }

    static Map<String, String> torture() {
        Map<String, String> cases = new LinkedHashMap<>();
        try (InputStream in = TextNormalizerTest.class.getClassLoader().getResourceAsStream("telltale-testdata/unicode/torture.jsonl")) {
            ObjectMapper m = new ObjectMapper();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    JsonNode n = m.readTree(line);
                    cases.put(n.path("name").asText(), n.path("text").asText());
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertTrue(cases.size() >= 40);
        return cases;
    }
}
