package dev.telltale.core.internal.bpe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code \s}, {@code \p{L}}, {@code \p{N}} of the Split regex, for every code point, against the
 * reference's Oniguruma (read back through DJL's word ids); and why Java's Character cannot stand in.
 */
class OnigClassesTest {

    /** Long statistical or exhaustive sizes ({@code -Dtelltale.full=true}). */
    static boolean full() {
        return Boolean.getBoolean("telltale.full");
    }

    /**
     * All 1,112,064 code points (about 6 s), and the committed generated table is what the generator
     * writes from them.
     */
    @Test
    void everyCodePoint_classMatchesReference_andGeneratedTableIsCurrent() throws Exception {
        byte[] ref;
        try (HuggingFaceTokenizer t = Reference.rawDjl(OnigClassesGenerator.withoutNormalizer(Reference.qwen3Json()))) {
            ref = ReferenceProbes.classes(t, cp -> true);
        }
        List<String> diffs = new ArrayList<>();
        int letters = 0;
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                continue;
            }
            letters += ref[cp] == OnigClasses.LETTER ? 1 : 0;
            if (OnigClasses.of(cp) != ref[cp] && diffs.size() < 20) {
                diffs.add(String.format("U+%04X fast %d reference %d", cp, OnigClasses.of(cp), ref[cp]));
            }
        }
        assertEquals(List.of(), diffs);
        assertTrue(letters > 140_000, "letters " + letters);
        Path committed = Reference.repo().resolve(
                "watermark-core/src/main/java/dev/telltale/core/internal/bpe/OnigUnicodeData.java");
        if (Files.isRegularFile(committed)) {
            assertEquals(Files.readString(committed, StandardCharsets.UTF_8), OnigClassesGenerator.source(ref),
                    "OnigUnicodeData.java is not what OnigClassesGenerator writes; regenerate it");
        }
    }

    @Test
    void javaCharacter_disagreesWithReference_onNewerLetters() {
        // U+1C89 CYRILLIC CAPITAL LETTER TJE (Unicode 16) is a letter to the reference, unassigned to Java 17.
        assertEquals(OnigClasses.LETTER, OnigClasses.of(0x1C89));
        // U+10D40 GARAY DIGIT ZERO (Unicode 16).
        assertEquals(OnigClasses.NUMBER, OnigClasses.of(0x10D40));
    }

    @Test
    void whitespace_isOnigurumasSet() {
        for (int cp : new int[] {0x09, 0x0B, 0x0C, 0x20, 0x85, 0xA0, 0x1680, 0x2000, 0x200A, 0x2028, 0x2029,
                0x202F, 0x205F, 0x3000}) {
            assertEquals(OnigClasses.SPACE, OnigClasses.of(cp), Integer.toHexString(cp));
        }
        assertEquals(OnigClasses.NEWLINE, OnigClasses.of('\n'));
        assertEquals(OnigClasses.NEWLINE, OnigClasses.of('\r'));
        for (int cp : new int[] {0x180E, 0x200B, 0xFEFF, 0x1C, 0x1F}) { // not \s in Oniguruma's Unicode mode
            assertEquals(OnigClasses.OTHER, OnigClasses.of(cp), Integer.toHexString(cp));
        }
    }
}
