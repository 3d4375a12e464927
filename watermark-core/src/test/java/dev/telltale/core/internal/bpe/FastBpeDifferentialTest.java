package dev.telltale.core.internal.bpe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.core.EmbeddedCorpora;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fast BPE against the reference (HuggingFace tokenizers via DJL): identical ids and identical decoded
 * text on the whole Brown corpus and on every case of the Unicode torture file, for Qwen3 and Llama 3.
 */
class FastBpeDifferentialTest {

    @Test
    void brownCorpus_qwen3_idsIdenticalToReference_andRoundTrip() {
        assertCorpus(Reference.qwen3());
    }

    @Test
    void brownCorpus_llama3_idsIdenticalToReference_andRoundTrip() {
        assertCorpus(Reference.llama3());
    }

    @Test
    void tortureFile_qwen3_idsIdenticalToReference_andRoundTrip() {
        assertTorture(Reference.qwen3(), true);
    }

    @Test
    void tortureFile_llama3_idsIdenticalToReference_andRoundTrip() {
        assertTorture(Reference.llama3(), false);
    }

    @Test
    void sha256AndVocabSize_sameAsReference() {
        Reference.Pair q = Reference.qwen3();
        assertEquals(q.djl().sha256(), q.fast().sha256());
        assertEquals(q.djl().vocabSize(), q.fast().vocabSize());
        assertEquals(151669, q.fast().vocabSize());
        assertEquals("fast-bpe", q.fast().implementation());
        Reference.Pair l = Reference.llama3();
        assertEquals(l.djl().sha256(), l.fast().sha256());
        assertEquals(l.djl().vocabSize(), l.fast().vocabSize());
    }

    private static void assertCorpus(Reference.Pair p) {
        List<EmbeddedCorpora.Document> docs = EmbeddedCorpora.brown();
        assertEquals(500, docs.size());
        List<String> mismatches = new ArrayList<>();
        long tokens = 0;
        for (EmbeddedCorpora.Document d : docs) {
            int[] fast = p.fast().encode(d.text());
            int[] ref = p.djl().encode(d.text());
            tokens += ref.length;
            if (!Arrays.equals(fast, ref)) {
                mismatches.add(d.id() + " " + firstDifference(fast, ref));
            }
            assertEquals(d.text(), p.fast().decode(fast), d.id() + ": decode(encode(x)) != x");
        }
        assertEquals(List.of(), mismatches, p.name() + ": documents whose ids differ from the reference");
        assertTrue(tokens > 1_000_000, "the whole corpus was compared: " + tokens + " tokens");
    }

    private static void assertTorture(Reference.Pair p, boolean nfc) {
        List<Reference.Case> cases = Reference.torture();
        assertTrue(cases.size() >= 40, "torture cases: " + cases.size());
        StringBuilder all = new StringBuilder();
        for (Reference.Case c : cases) {
            assertSame(p, c.name(), c.text(), nfc);
            all.append(c.text()).append('\n');
        }
        assertSame(p, "all cases joined", all.toString(), nfc);
    }

    /** Same ids and decoded text as the reference, and decode(encode(x)) == x (or its NFC for Qwen3). */
    static void assertSame(Reference.Pair p, String name, String text, boolean nfc) {
        String decoded = assertSameIds(p, name, text);
        assertEquals(nfc ? RustNfc.normalize(text) : text, decoded, p.name() + " / " + name + ": decode(encode(x))");
    }

    /** Same ids and decoded text as the reference; returns the decoded text. */
    static String assertSameIds(Reference.Pair p, String name, String text) {
        int[] fast = p.fast().encode(text);
        int[] ref = p.djl().encode(text);
        assertArrayEquals(ref, fast, () -> p.name() + " / " + name + ": " + firstDifference(fast, ref));
        String decoded = p.fast().decode(fast);
        assertEquals(p.djl().decode(ref), decoded, p.name() + " / " + name + ": decode differs from the reference");
        return decoded;
    }

    static String firstDifference(int[] fast, int[] ref) {
        int k = 0;
        while (k < fast.length && k < ref.length && fast[k] == ref[k]) {
            k++;
        }
        return "first difference at token " + k + ": fast " + Arrays.toString(slice(fast, k)) + " reference "
                + Arrays.toString(slice(ref, k));
    }

    private static int[] slice(int[] a, int k) {
        return Arrays.copyOfRange(a, Math.max(0, k - 2), Math.min(a.length, k + 6));
    }
}
