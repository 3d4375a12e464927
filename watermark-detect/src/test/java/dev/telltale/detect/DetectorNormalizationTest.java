package dev.telltale.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.core.SchemeParameters;
import dev.telltale.core.Schemes;
import dev.telltale.core.TextNormalizer;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.embed.Embedders;
import dev.telltale.embed.Generator;
import dev.telltale.embed.KneserNeyModel;
import dev.telltale.embed.SamplingConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Detection with the robust normaliser: unchanged on clean generated text (embedding and detection agree),
 * and it undoes homoglyph, zero-width, compatibility-form and whitespace attacks exactly.
 */
class DetectorNormalizationTest {
    private static TextTokenizer qwen;
    private static KneserNeyModel model;

    @BeforeAll
    static void load() {
        qwen = Tokenizers.load("qwen3");
        model = Fixtures.defaultModel(qwen, System.out);
    }

    static Stream<SchemeParameters> schemes() {
        return Stream.of(Schemes.KGW_V1, Schemes.UNIGRAM_V1, Schemes.KGW_SELFHASH_V1, Schemes.GUMBEL_V1, Schemes.SYNTHID_V1);
    }

    @Test
    void result_recordsTheNormalizersThatRan() {
        WatermarkKey k = key(Schemes.KGW_V1, 1);
        Map<String, Object> plain = new Detector(k, qwen, 1e-6).detect("Some text to score here.").toJson(null);
        assertEquals("nfc", plain.get("normalization"));
        assertEquals(List.of("nfc"), plain.get("normalizers"));
        Map<String, Object> robust = new Detector(k, qwen, 1e-6, TextNormalizer.ROBUST).detect("Some text.").toJson(null);
        assertEquals("invisibles+nfkc+confusables+whitespace+nfc", robust.get("normalization"));
        assertEquals(List.of("invisibles", "nfkc", "confusables", "whitespace", "nfc"), robust.get("normalizers"));
        Map<String, Object> windowed = new Detector(k, qwen, 1e-6, TextNormalizer.ROBUST).detectWindowed("Some text.").toJson("x");
        assertEquals(robust.get("normalizers"), windowed.get("normalizers"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemes")
    void cleanGeneratedText_detectsIdentically_andCheapAttacksAreUndone(SchemeParameters scheme) {
        SplittableRandom r = new SplittableRandom(11 + scheme.schemeId().hashCode());
        for (int i = 0; i < 8; i++) {
            WatermarkKey k = key(scheme, r.nextLong());
            int[] ids = new Generator(model, Embedders.forKey(k), SamplingConfig.DEFAULT)
                    .generate(qwen.encode("The jury said"), 150, -1, new SplittableRandom(r.nextLong()));
            String text = TextNormalizer.ROBUST.apply(qwen.decode(ids)); // what `generate` prints
            Detector plain = new Detector(k, qwen, 1e-6);
            Detector robust = new Detector(k, qwen, 1e-6, TextNormalizer.ROBUST);
            Detection clean = plain.detect(text);
            assertEquals(Verdict.WATERMARKED, clean.verdict(), text);
            assertSameCounts(clean, robust.detect(text));

            String attacked = attack(text, new SplittableRandom(r.nextLong()));
            assertNotEquals(text, attacked);
            assertEquals(text, TextNormalizer.ROBUST.apply(attacked));
            assertSameCounts(clean, robust.detect(attacked));
            Detection broken = plain.detect(attacked);
            assertTrue(broken.log10PValue() > clean.log10PValue() / 2,
                    "attack should halve the evidence without normalisers: " + broken.log10PValue() + " vs " + clean.log10PValue());
        }
    }

    private static void assertSameCounts(Detection a, Detection b) {
        assertEquals(a.tokensScored(), b.tokensScored());
        assertEquals(a.score(), b.score(), 1e-9);
        assertEquals(a.log10PValue(), b.log10PValue(), 1e-12);
    }

    /** Cyrillic/Greek homoglyphs for a third of e/o/a/c/p, a zero-width space in a third of the gaps, fullwidth
     *  letters, no-break and doubled spaces. */
    static String attack(String s, SplittableRandom r) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int roll = r.nextInt(3);
            switch (c) {
                case 'e' -> sb.append(roll == 0 ? '\u0435' : c);
                case 'o' -> sb.append(roll == 0 ? '\u03BF' : c);
                case 'a' -> sb.append(roll == 0 ? '\u0430' : c);
                case 'c' -> sb.append(roll == 0 ? '\u0441' : c);
                case 'p' -> sb.append(roll == 0 ? '\u0440' : c);
                case 't' -> sb.append(roll == 0 ? '\uFF54' : c);
                case ' ' -> sb.append(roll == 0 ? "\u00A0" : roll == 1 ? "  " : " \u200B");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static WatermarkKey key(SchemeParameters scheme, long seed) {
        byte[] s = new byte[32];
        new SplittableRandom(seed).nextBytes(s);
        return WatermarkKey.fromSecret(s, scheme, qwen.ref(), Instant.EPOCH);
    }
}
