package dev.telltale.core.internal.bpe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-written Split scanners: worked examples, and piece boundaries identical to the reference's. */
class PieceScannerTest {

    static List<String> pieces(SplitPattern p, String s) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.length(); ) {
            int e = PieceScanner.next(p, s, i, s.length());
            out.add(s.substring(i, e));
            i = e;
        }
        return out;
    }

    @Test
    void qwen2_examples() {
        SplitPattern q = SplitPattern.QWEN2;
        assertEquals(List.of("Hello", ",", " world", "!"), pieces(q, "Hello, world!"));
        assertEquals(List.of("DON", "'T", " I", "'M", " rock", "'n", "'roll"), pieces(q, "DON'T I'M rock'n'roll"));
        assertEquals(List.of("'s", "ound", " '", "ſt"), pieces(q, "'sound 'ſt"));
        assertEquals(List.of("1", "2", "3", " ", "4"), pieces(q, "123 4"));
        assertEquals(List.of("a", "  ", " b"), pieces(q, "a   b"));
        assertEquals(List.of("a", " \n\n", "  ", " b"), pieces(q, "a \n\n   b"));
        assertEquals(List.of("x", " !!!\r\n", "y"), pieces(q, "x !!!\r\ny"));
        assertEquals(List.of("(hello", ")"), pieces(q, "(hello)"));
        assertEquals(List.of("\tx"), pieces(q, "\tx"));
        assertEquals(List.of("end", "   "), pieces(q, "end   "));
    }

    @Test
    void longS_foldsToS_inContractions() {
        assertEquals(List.of("'ſ", "t"), pieces(SplitPattern.QWEN2, "'ſt"));
        assertEquals(List.of("'", "ſt"), pieces(SplitPattern.GPT2, "'ſt")); // GPT-2's contractions are case-sensitive
    }

    @Test
    void llama3_groupsUpToThreeDigits() {
        assertEquals(List.of("123", "456", "7", " ", "89"), pieces(SplitPattern.LLAMA3, "1234567 89"));
    }

    @Test
    void gpt2_examples() {
        SplitPattern g = SplitPattern.GPT2;
        assertEquals(List.of("Hello", ",", " world", " 123", "  ", " !!"), pieces(g, "Hello, world 123   !!"));
        assertEquals(List.of("don", "'t", " DON", "'", "T"), pieces(g, "don't DON'T"));
    }

    /** Every piece boundary of every torture case, Qwen3's regex (normaliser removed so offsets match). */
    @Test
    void tortureFile_qwen2Pattern_piecesMatchReference() throws Exception {
        assertPiecesMatch(OnigClassesGenerator.withoutNormalizer(Reference.qwen3Json()));
    }

    @Test
    void tortureFile_llama3Pattern_piecesMatchReference() throws Exception {
        assertPiecesMatch(Reference.llama3Json());
    }

    @Test
    void tortureFile_gpt2Pattern_piecesMatchReference() throws Exception {
        assertPiecesMatch(BpeVariantsTest.gpt2Json());
    }

    private static void assertPiecesMatch(byte[] json) throws Exception {
        BpeDefinition def = BpeDefinition.parse(json);
        try (HuggingFaceTokenizer ref = Reference.rawDjl(json)) {
            for (Reference.Case c : Reference.torture()) {
                boolean[] mine = ReferenceProbes.fastPieceStarts(def, c.text());
                boolean[] theirs = ReferenceProbes.pieceStarts(ref, c.text());
                theirs[theirs.length - 1] = false;
                mine[mine.length - 1] = false;
                assertArrayEquals(theirs, mine, def.pattern + " / " + c.name());
            }
        }
    }
}
