package dev.telltale.core.internal.bpe;

import java.text.Normalizer;
import java.util.Arrays;

/**
 * Unicode NFC exactly as the reference computes it. HuggingFace tokenizers normalises with the
 * {@code unicode-normalization-alignments} crate, whose tables are Unicode 9.0; Java's
 * {@link Normalizer} is Unicode 13.0 on Java 17 (newer on newer JDKs). The two agree on every string of
 * characters that both know (normalization stability), so the difference is confined to
 * {@link #NEWER}: the code points with a combining class, a decomposition or a part in a composition
 * that were assigned after Unicode 9.0. To the reference these are unknown characters: combining class 0,
 * no decomposition, composing with nothing, i.e. hard boundaries. We therefore normalise the runs between
 * them with Java and keep them as they are.
 *
 * <p>{@link #NEWER} was found by differential probing: Unicode 10-13 entries by comparing Java 17 with the
 * reference on every code point (alone, after U+0301, before U+0334, between U+0316 and U+0301, and every
 * canonical decomposition), Unicode 14-17 entries by the same probes against Node.js 20's ICU (Unicode
 * 17.0). {@code RustNfcTest} repeats the comparison with the reference.
 */
final class RustNfc {
    /** Sorted normalisation-relevant code points that the reference does not know (193). */
    static final int[] NEWER = {
        0x07FD, 0x0897, 0x0898, 0x0899, 0x089A, 0x089B, 0x089C, 0x089D,
        0x089E, 0x089F, 0x08CA, 0x08CB, 0x08CC, 0x08CD, 0x08CE, 0x08CF,
        0x08D0, 0x08D1, 0x08D2, 0x08D3, 0x09FE, 0x0C3C, 0x0D3B, 0x0D3C,
        0x0EBA, 0x1715, 0x1ABF, 0x1AC0, 0x1AC1, 0x1AC2, 0x1AC3, 0x1AC4,
        0x1AC5, 0x1AC6, 0x1AC7, 0x1AC8, 0x1AC9, 0x1ACA, 0x1ACB, 0x1ACC,
        0x1ACD, 0x1ACE, 0x1ACF, 0x1AD0, 0x1AD1, 0x1AD2, 0x1AD3, 0x1AD4,
        0x1AD5, 0x1AD6, 0x1AD7, 0x1AD8, 0x1AD9, 0x1ADA, 0x1ADB, 0x1ADC,
        0x1ADD, 0x1AE0, 0x1AE1, 0x1AE2, 0x1AE3, 0x1AE4, 0x1AE5, 0x1AE6,
        0x1AE7, 0x1AE8, 0x1AE9, 0x1AEA, 0x1AEB, 0x1DF6, 0x1DF7, 0x1DF8,
        0x1DF9, 0x1DFA, 0xA82C, 0x105C9, 0x105D2, 0x105DA, 0x105E4, 0x10D24,
        0x10D25, 0x10D26, 0x10D27, 0x10D69, 0x10D6A, 0x10D6B, 0x10D6C, 0x10D6D,
        0x10EAB, 0x10EAC, 0x10EFA, 0x10EFB, 0x10EFD, 0x10EFE, 0x10EFF, 0x10F46,
        0x10F47, 0x10F48, 0x10F49, 0x10F4A, 0x10F4B, 0x10F4C, 0x10F4D, 0x10F4E,
        0x10F4F, 0x10F50, 0x10F82, 0x10F83, 0x10F84, 0x10F85, 0x11070, 0x1133B,
        0x11382, 0x11383, 0x11384, 0x11385, 0x1138B, 0x1138E, 0x11390, 0x11391,
        0x113B8, 0x113BB, 0x113C2, 0x113C5, 0x113C7, 0x113C8, 0x113C9, 0x113CE,
        0x113CF, 0x113D0, 0x1145E, 0x11839, 0x1183A, 0x11930, 0x11935, 0x11938,
        0x1193D, 0x1193E, 0x11943, 0x119E0, 0x11A34, 0x11A47, 0x11A99, 0x11D42,
        0x11D44, 0x11D45, 0x11D97, 0x11F41, 0x11F42, 0x1611E, 0x1611F, 0x16120,
        0x16121, 0x16122, 0x16123, 0x16124, 0x16125, 0x16126, 0x16127, 0x16128,
        0x16129, 0x1612F, 0x16D63, 0x16D67, 0x16D68, 0x16D69, 0x16D6A, 0x16FF0,
        0x16FF1, 0x1E08F, 0x1E130, 0x1E131, 0x1E132, 0x1E133, 0x1E134, 0x1E135,
        0x1E136, 0x1E2AE, 0x1E2EC, 0x1E2ED, 0x1E2EE, 0x1E2EF, 0x1E4EC, 0x1E4ED,
        0x1E4EE, 0x1E4EF, 0x1E5EE, 0x1E5EF, 0x1E6E3, 0x1E6E6, 0x1E6EE, 0x1E6EF,
        0x1E6F5,
    };
    /** Below this every character is NFC-inert in every Unicode version (no combining marks, no composites). */
    private static final char INERT_BELOW = '\u0300';
    private static final int FIRST_NEWER = NEWER[0];

    private RustNfc() {}

    /** The reference's NFC of {@code s}; returns {@code s} itself when it is already normalised. */
    static String normalize(String s) {
        if (isInert(s, 0, s.length()) || Normalizer.isNormalized(s, Normalizer.Form.NFC)) {
            return s;
        }
        StringBuilder out = null;
        int start = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (cp >= FIRST_NEWER && Arrays.binarySearch(NEWER, cp) >= 0) {
                if (out == null) {
                    out = new StringBuilder(s.length());
                }
                out.append(Normalizer.normalize(s.substring(start, i), Normalizer.Form.NFC));
                out.appendCodePoint(cp);
                start = next;
            }
            i = next;
        }
        if (out == null) {
            return Normalizer.normalize(s, Normalizer.Form.NFC);
        }
        return out.append(Normalizer.normalize(s.substring(start), Normalizer.Form.NFC)).toString();
    }

    /** True when {@code s[from, to)} has only characters below U+0300, which NFC never changes. */
    static boolean isInert(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) >= INERT_BELOW) {
                return false;
            }
        }
        return true;
    }
}
