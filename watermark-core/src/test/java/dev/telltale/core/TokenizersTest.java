package dev.telltale.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** The real Qwen3 tokenizer through DJL, loaded from the testdata jar. */
class TokenizersTest {

    @Test
    void qwen3_loadsWithFullVocabulary_andRoundTripsUnicode() {
        TextTokenizer t = Tokenizers.load("qwen3");
        assertEquals(151669, t.vocabSize());
        assertEquals("aeb13307a71acd8fe81861d94ad54ab689df773318809eed3cbe794b4492dae4", t.sha256());
        String text = "Café — naïve 日本語 👩‍💻 \"quotes\"\n\ttabs  and   spaces";
        int[] ids = t.encode(text);
        assertTrue(ids.length > 10);
        assertEquals(text, t.decode(ids));
        assertArrayEquals(new int[0], t.encode(""));
    }

    @Test
    void longText_isNeitherTruncatedNorPadded() {
        TextTokenizer t = Tokenizers.load("qwen3");
        String word = "watermark ";
        String text = word.repeat(3000);
        int[] ids = t.encode(text);
        assertTrue(ids.length >= 3000, "DJL's 512-token default truncation must be off, got " + ids.length);
        assertEquals(text, t.decode(ids));
    }

    @Test
    void unknownTokenizer_namesTheBuiltIns() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tokenizers.load("gpt-17"));
        assertTrue(e.getMessage().contains("qwen3"), e.getMessage());
    }

    @Test
    void keyForAnotherTokenizer_isRefused() {
        WatermarkKey k = WatermarkKey.generate(Schemes.KGW_V1, new TokenizerRef("qwen3", "cd".repeat(32), 151669),
                new SecureRandom());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tokenizers.forKey(k));
        assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
    }
}
