package dev.telltale.core.internal.bpe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * NFC as the reference computes it (Unicode 9.0 tables), against the reference itself: Qwen3's
 * normaliser is NFC and its byte-level BPE is lossless, so decode(encode(x)) is the reference's NFC of x.
 */
class RustNfcTest {

    /**
     * Probes every code point that Java's normaliser treats as anything but an inert starter, and the
     * {@link RustNfc#NEWER} list; with {@code -Dtelltale.full=true}, every code point.
     */
    @Test
    void nfc_matchesReference_onEveryNormalizationRelevantCodePoint() {
        Set<Integer> components = new HashSet<>();
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                continue;
            }
            String c = new String(Character.toChars(cp));
            String d = Normalizer.normalize(c, Normalizer.Form.NFD);
            if (!d.equals(c)) {
                d.codePoints().forEach(components::add);
            }
        }
        Set<Integer> newer = new HashSet<>();
        for (int cp : RustNfc.NEWER) {
            newer.add(cp);
        }
        boolean full = OnigClassesTest.full();
        List<String> probes = new ArrayList<>();
        int probed = 0;
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                continue;
            }
            String c = new String(Character.toChars(cp));
            String d = Normalizer.normalize(c, Normalizer.Form.NFD);
            boolean relevant = !d.equals(c) || components.contains(cp) || newer.contains(cp)
                    || !Normalizer.isNormalized("a" + c + "\u0334", Normalizer.Form.NFD)
                    || !Normalizer.isNormalized("a\u0301" + c, Normalizer.Form.NFD);
            if (!relevant && !full) {
                continue;
            }
            probed++;
            probes.add(c);
            probes.add("a\u0301" + c);          // c after a class-230 mark
            probes.add("a\u0316" + c + "\u0301"); // c between classes 220 and 230
            probes.add("a" + c + "\u0334");     // c before a class-1 mark
            probes.add(c + "\u0301");
            if (!d.equals(c)) {
                probes.add(d);                  // recomposition
                probes.add("a" + d + "\u0301");
            }
        }
        assertTrue(probed > 10_000 && (full || probed < 30_000), "probed " + probed);
        List<String> ref = referenceNfc(probes);
        List<String> diffs = new ArrayList<>();
        for (int i = 0; i < probes.size(); i++) {
            String mine = RustNfc.normalize(probes.get(i));
            if (!mine.equals(ref.get(i)) && diffs.size() < 20) {
                diffs.add(hex(probes.get(i)) + ": fast " + hex(mine) + " reference " + hex(ref.get(i)));
            }
        }
        assertEquals(List.of(), diffs);
    }

    @Test
    void javaNfc_differsFromReference_onMarksNewerThanUnicode9() {
        String s = "a\u0316\u07FD\u0301"; // U+07FD NKO DANTAYALAN (Unicode 11, class 220)
        assertNotEquals(Normalizer.normalize(s, Normalizer.Form.NFC), RustNfc.normalize(s));
        assertEquals("a\u0316\u07FD\u0301", RustNfc.normalize(s));
        assertEquals("\u00E1", RustNfc.normalize("a\u0301"));
        assertEquals("\uAC01", RustNfc.normalize("\u1100\u1161\u11A8"));
    }

    @Test
    void newerList_isSortedAndBeyondUnicode9() {
        for (int i = 1; i < RustNfc.NEWER.length; i++) {
            assertTrue(RustNfc.NEWER[i - 1] < RustNfc.NEWER[i]);
        }
    }

    /** The reference's NFC of each probe, in batches cut by an added token. */
    private static List<String> referenceNfc(List<String> probes) {
        Reference.Pair q = Reference.qwen3();
        List<String> out = new ArrayList<>(probes.size());
        String sep = ReferenceProbes.SEPARATOR;
        for (int i = 0; i < probes.size(); i += 4000) {
            List<String> part = probes.subList(i, Math.min(probes.size(), i + 4000));
            String decoded = q.djl().decode(q.djl().encode(String.join(sep, part)));
            String[] pieces = decoded.split(Pattern.quote(sep), -1);
            assertEquals(part.size(), pieces.length);
            out.addAll(List.of(pieces));
        }
        return out;
    }

    private static String hex(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> b.append(String.format("%04X ", c)));
        return b.toString().trim();
    }
}
