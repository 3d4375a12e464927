package dev.telltale.core.internal.bpe;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the reference's pre-tokenizer pieces back through DJL: tokens carry the index of the piece
 * ("word") they came from and their span in code points, so a new word id marks a piece start.
 */
final class ReferenceProbes {
    /** Added token that separates probes: it cuts the text, so probes cannot interact. */
    static final String SEPARATOR = "<|endoftext|>";

    private ReferenceProbes() {}

    /** [code points of text + 1] true where the reference starts a piece (or an added token). */
    static boolean[] pieceStarts(HuggingFaceTokenizer t, String text) {
        int cps = text.codePointCount(0, text.length());
        boolean[] starts = new boolean[cps + 1];
        Encoding e = t.encode(text, false, false);
        CharSpan[] spans = e.getCharTokenSpans();
        long[] words = e.getWordIds();
        long prev = Long.MIN_VALUE;
        for (int i = 0; i < words.length; i++) {
            if (words[i] != prev) {
                starts[spans[i].getStart()] = true;
            }
            prev = words[i];
        }
        return starts;
    }

    /** The same for the fast implementation's added-token cut and {@link PieceScanner} (no normaliser). */
    static boolean[] fastPieceStarts(BpeDefinition def, String text) {
        boolean[] starts = new boolean[text.codePointCount(0, text.length()) + 1];
        int from = 0;
        while (from < text.length()) {
            long m = def.rawAdded.isEmpty() ? -1 : def.rawAdded.find(text, from, text.length());
            int end = m < 0 ? text.length() : AddedTokenMatcher.start(m);
            for (int i = from; i < end; i = PieceScanner.next(def.pattern, text, i, end)) {
                starts[text.codePointCount(0, i)] = true;
            }
            if (m < 0) {
                break;
            }
            starts[text.codePointCount(0, end)] = true;
            from = end + def.rawAdded.length(m);
        }
        return starts;
    }

    /**
     * [0x110000] the reference's class of the code points {@code cp} with {@code include.test(cp)}
     * ({@link OnigClasses} constants; others are left OTHER), read from the pieces of the probe
     * "\t" c "!" and, where that cannot tell a digit from a space, of the probe c "x":
     * <pre>
     *            "\t" c "!"         c "x"
     * letter     (\t c)(!)
     * other      (\t)(c !)
     * digit      (\t)(c)(!)         (c)(x)
     * space      (\t)(c)(!)         (c x)
     * </pre>
     * CR, LF and U+0020 play roles of their own in the pattern and are set by definition. Probes are
     * concatenated without separators: the "\t" (or the c) after "!" or "x" always starts a new piece,
     * since "!" and "x" end every piece they are in.
     */
    static byte[] classes(HuggingFaceTokenizer t, java.util.function.IntPredicate include) {
        byte[] out = new byte[Character.MAX_CODE_POINT + 1];
        List<Integer> digitOrSpace = new ArrayList<>();
        probe(t, include, 3, (cp, starts, o) -> {
            if (!starts[o + 1]) {
                out[cp] = OnigClasses.LETTER;
            } else if (!starts[o + 2]) {
                out[cp] = OnigClasses.OTHER;
            } else {
                digitOrSpace.add(cp);
            }
        });
        java.util.Set<Integer> second = new java.util.HashSet<>(digitOrSpace);
        probe(t, second::contains, 2, (cp, starts, o) ->
                out[cp] = starts[o + 1] ? OnigClasses.NUMBER : OnigClasses.SPACE);
        out[' '] = OnigClasses.SPACE;
        out['\r'] = OnigClasses.NEWLINE;
        out['\n'] = OnigClasses.NEWLINE;
        return out;
    }

    private interface ProbeResult {
        void accept(int cp, boolean[] starts, int offset);
    }

    /** Runs probe "\t" c "!" (length 3) or c "x" (length 2) for every included code point. */
    private static void probe(HuggingFaceTokenizer t, java.util.function.IntPredicate include, int length,
            ProbeResult result) {
        int batch = 16384;
        for (int base = 0; base <= Character.MAX_CODE_POINT; base += batch) {
            StringBuilder sb = new StringBuilder();
            List<Integer> cps = new ArrayList<>();
            for (int cp = base; cp < Math.min(base + batch, Character.MAX_CODE_POINT + 1); cp++) {
                if ((cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE) && include.test(cp)) {
                    cps.add(cp);
                    if (length == 3) {
                        sb.append('\t').appendCodePoint(cp).append('!');
                    } else {
                        sb.appendCodePoint(cp).append('x');
                    }
                }
            }
            if (cps.isEmpty()) {
                continue;
            }
            boolean[] starts = pieceStarts(t, sb.toString());
            for (int i = 0; i < cps.size(); i++) {
                result.accept(cps.get(i), starts, i * length);
            }
        }
    }
}
