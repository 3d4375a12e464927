package dev.telltale.core.internal.bpe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random Unicode strings, fixed seeds, through both implementations: ids, decoded text and round trip
 * must all agree. The generator mixes the characters the Split regex and BPE treat differently.
 */
class FastBpeFuzzTest {
    private static final int STRINGS = 3000;

    private static final String[] SPECIALS = {"<|endoftext|>", "<|im_start|>", "<|im_end|>", "<think>", "</think>",
        "<|begin_of_text|>", "<|eot_id|>", "<|", "|>", "<|endoftext", "<"};
    private static final String[] WORDS = {"the", "The", "THE", "don", "DON", "'t", "'T", "'s", "'S", "'ſ", "'re", "'RE",
        "'ve", "'m", "'ll", "'LL", "'d", "'D", "'", "''", "’", "hello", "ing", "tion", "Ġ", "Ċ", "naïve", "ß"};
    private static final int[] WHITESPACE = {' ', ' ', ' ', '\t', '\n', '\r', 0x0B, 0x0C, 0x85, 0xA0, 0x1680, 0x2000,
        0x2003, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0x180E, 0x200B, 0xFEFF};
    private static final String PUNCT = "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~¡¿«»“”„—–…·•§¶†‰€£¥©®™°±×÷";
    /** [script] first, last code point of letter-rich ranges. */
    private static final int[][] SCRIPTS = {
        {'a', 'z'}, {'A', 'Z'}, {0xC0, 0x24F}, {0x370, 0x3FF}, {0x400, 0x4FF}, {0x530, 0x58F}, {0x5D0, 0x5EA},
        {0x620, 0x64A}, {0x900, 0x97F}, {0xE00, 0xE5B}, {0x10A0, 0x10FF}, {0x1100, 0x11FF}, {0x3040, 0x30FF},
        {0x4E00, 0x9FFF}, {0xAC00, 0xD7A3}, {0x1C80, 0x1C8A}, {0xA7C0, 0xA7DC}, {0x105C0, 0x105F3},
        {0x11F00, 0x11F5A}, {0x1E290, 0x1E2AD}, {0x20000, 0x2A6DF}, {0x1D400, 0x1D7FF}};
    private static final int[][] DIGITS = {{'0', '9'}, {0x660, 0x669}, {0x6F0, 0x6F9}, {0x966, 0x96F},
        {0xFF10, 0xFF19}, {0x2150, 0x218B}, {0x2460, 0x249B}, {0x1D7CE, 0x1D7FF}, {0x10D40, 0x10D49},
        {0x1CCF0, 0x1CCF9}, {0xB2, 0xB3}, {0xBC, 0xBE}};
    private static final int[] MARKS = {0x300, 0x301, 0x308, 0x316, 0x323, 0x334, 0x345, 0x20DD, 0x0E31, 0x093F,
        0x094D, 0x05B0, 0x064B, 0x07FD, 0x08D3, 0x1AC1, 0x1DFA, 0x3099, 0x11930, 0x11935, 0x1E4EC, 0x1160, 0x11A8};
    private static final String[] EMOJI = {"😀", "👍", "👍🏽", "👩‍💻", "👨‍👩‍👧‍👦", "🏳️‍🌈", "❤️", "🇯🇵", "1️⃣", "\u200D",
        "\uFE0F", "🫠", "\uD83C\uDFFF"};

    @Test
    void randomUnicode_qwen3_sameIdsAsReference() {
        fuzz(Reference.qwen3(), 20240601L, true);
    }

    @Test
    void randomUnicode_llama3_sameIdsAsReference() {
        fuzz(Reference.llama3(), 20240602L, false);
    }

    @Test
    void randomIds_decodeLikeReference() throws Exception {
        Reference.Pair p = Reference.qwen3();
        int[] byteIds = BpeDefinition.parse(p.json()).byteIds;
        SplittableRandom rng = new SplittableRandom(99);
        for (int i = 0; i < 3000; i++) {
            int[] ids = new int[rng.nextInt(1, 12)];
            for (int k = 0; k < ids.length; k++) {
                int r = rng.nextInt(10);
                // single bytes (mostly ill-formed UTF-8 in sequence), any id, ids that name no token
                ids[k] = r < 5 ? byteIds[rng.nextInt(0x80, 0x100)] : r < 9 ? rng.nextInt(p.fast().vocabSize())
                        : rng.nextInt(-2, p.fast().vocabSize() + 3);
            }
            assertEquals(p.djl().decode(ids), p.fast().decode(ids), java.util.Arrays.toString(ids));
        }
    }

    @Test
    void unpairedSurrogates_areTokenisedAsTheReferenceReceivesThem() {
        Reference.Pair p = Reference.qwen3();
        for (String s : new String[] {"a\uD800b", "x\uDC00", "\uD83D", "😀\uD800", "a\u0000b\uD800", "\uDC00\uD800",
                "<|endoftext|>\uD800<|im_start|>", "ok\u0000ok"}) {
            assertArrayEquals(p.djl().encode(s), p.fast().encode(s), s);
        }
    }

    private static void fuzz(Reference.Pair p, long seed, boolean nfc) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < STRINGS; i++) {
            String s = randomText(rng);
            FastBpeDifferentialTest.assertSame(p, "string " + i + " " + escape(s), s, nfc);
        }
    }

    static String randomText(SplittableRandom rng) {
        StringBuilder sb = new StringBuilder();
        int items = rng.nextInt(0, 40);
        for (int i = 0; i < items; i++) {
            int kind = rng.nextInt(100);
            if (kind < 22) {
                sb.append(WORDS[rng.nextInt(WORDS.length)]);
            } else if (kind < 34) {
                int[] r = SCRIPTS[rng.nextInt(SCRIPTS.length)];
                for (int n = rng.nextInt(1, 6); n > 0; n--) {
                    sb.appendCodePoint(rng.nextInt(r[0], r[1] + 1));
                }
            } else if (kind < 50) {
                int n = rng.nextInt(1, 4);
                for (int k = 0; k < n; k++) {
                    sb.appendCodePoint(WHITESPACE[rng.nextInt(WHITESPACE.length)]);
                }
            } else if (kind < 60) {
                int[] r = DIGITS[rng.nextInt(DIGITS.length)];
                for (int n = rng.nextInt(1, 6); n > 0; n--) {
                    sb.appendCodePoint(rng.nextInt(r[0], r[1] + 1));
                }
            } else if (kind < 72) {
                sb.append(PUNCT.charAt(rng.nextInt(PUNCT.length())));
            } else if (kind < 78) {
                sb.append(EMOJI[rng.nextInt(EMOJI.length)]);
            } else if (kind < 86) {
                sb.appendCodePoint(MARKS[rng.nextInt(MARKS.length)]);
            } else if (kind < 90) {
                sb.append(SPECIALS[rng.nextInt(SPECIALS.length)]);
            } else if (kind < 94) {
                int cp;
                do {
                    cp = rng.nextInt(0, 0x30000);
                } while (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE);
                sb.appendCodePoint(cp);
            } else {
                sb.append((char) rng.nextInt(0x21, 0x7F));
            }
        }
        return sb.toString();
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> b.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\u{%X}", c)));
        return b.toString();
    }
}
