package dev.telltale.server.internal;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Arabic contextual forms for the PDF, which PDFBox does not shape: each Arabic letter becomes its isolated,
 * final, initial or medial presentation form (U+FB50–U+FDFF, U+FE70–U+FEFF) from the joining of its neighbours,
 * and lam + alef becomes the mandatory lam-alef ligature. The tables come from the JDK's own Unicode data (a
 * presentation form's NFKC decomposition and its character name), not from a hand-written list. Text extractors
 * fold presentation forms back with NFKC, so the extracted text equals the input.
 *
 * <p>Not done: mark positioning (harakat are drawn where the font puts them), other ligatures than lam-alef,
 * Syriac/N'Ko joining, and forms the drawing fonts lack (the base letter is drawn instead).
 */
final class ArabicShaping {
    /** A character drawn as part of the previous one (the alef of a lam-alef ligature): not drawn. */
    static final char ABSORBED = '\uFFFF';
    private static final int ISOLATED = 0;
    private static final int FINAL = 1;
    private static final int INITIAL = 2;
    private static final int MEDIAL = 3;
    private static final char LAM = '\u0644';
    private static final char TATWEEL = '\u0640';
    private static final char ZWJ = '\u200D';
    /** base letter -> [isolated, final, initial, medial] presentation forms (0 = none). */
    private static final Map<Character, char[]> FORMS = new HashMap<>();
    /** alef variant -> lam-alef ligature [isolated, final]. */
    private static final Map<Character, char[]> LAM_ALEF = new HashMap<>();

    static {
        collect(0xFE70, 0xFEFF);
        collect(0xFB50, 0xFDFF);
    }

    private ArabicShaping() {}

    private static void collect(int from, int to) {
        for (int c = from; c <= to; c++) {
            String name = Character.getName(c);
            int form = name == null ? -1 : name.endsWith(" ISOLATED FORM") ? ISOLATED : name.endsWith(" FINAL FORM") ? FINAL
                    : name.endsWith(" INITIAL FORM") ? INITIAL : name.endsWith(" MEDIAL FORM") ? MEDIAL : -1;
            if (form < 0) {
                continue;
            }
            String base = Normalizer.normalize(String.valueOf((char) c), Normalizer.Form.NFKC);
            if (base.length() == 1 && Character.getType(base.charAt(0)) == Character.OTHER_LETTER) {
                char[] f = FORMS.computeIfAbsent(base.charAt(0), k -> new char[4]);
                if (f[form] == 0) {
                    f[form] = (char) c;
                }
            } else if (base.length() == 2 && base.charAt(0) == LAM && form <= FINAL && name.contains("LIGATURE LAM WITH ALEF")) {
                char[] f = LAM_ALEF.computeIfAbsent(base.charAt(1), k -> new char[2]);
                if (f[form] == 0) {
                    f[form] = (char) c;
                }
            }
        }
    }

    /** True when {@code text} holds a character this class may change (a fast test before {@link #shape}). */
    static boolean applies(char[] text) {
        for (char c : text) {
            if (FORMS.containsKey(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The text (logical order) with presentation forms, same length: the alef of a lam-alef ligature becomes
     * {@link #ABSORBED}. A ligature is made only when lam and alef share a cell ({@code cellOf}), so each coloured
     * token keeps its own characters. A form is used only when {@code drawable} accepts it.
     */
    static char[] shape(char[] text, int[] cellOf, IntPredicate drawable) {
        char[] out = text.clone();
        for (int i = 0; i < text.length; i++) {
            char[] f = FORMS.get(text[i]);
            if (f == null) {
                continue;
            }
            int prev = neighbour(text, i, -1);
            int next = neighbour(text, i, +1);
            boolean joinsPrev = prev >= 0 && joinsForward(text[prev]);
            boolean dual = f[INITIAL] != 0 || f[MEDIAL] != 0;
            boolean joinsNext = dual && next >= 0 && joinsBackward(text[next]);
            if (text[i] == LAM && i + 1 < text.length && LAM_ALEF.containsKey(text[i + 1]) && cellOf[i] == cellOf[i + 1]) {
                char lig = LAM_ALEF.get(text[i + 1])[joinsPrev ? FINAL : ISOLATED];
                if (lig != 0 && drawable.test(lig)) {
                    out[i] = lig;
                    out[i + 1] = ABSORBED;
                    i++;
                    continue;
                }
            }
            int form = joinsPrev && joinsNext ? MEDIAL : joinsPrev ? FINAL : joinsNext ? INITIAL : ISOLATED;
            char c = f[form];
            if (c == 0 && form == MEDIAL) {
                c = f[FINAL];
            } else if (c == 0 && form == INITIAL) {
                c = f[ISOLATED];
            }
            if (c != 0 && drawable.test(c)) {
                out[i] = c;
            }
        }
        return out;
    }

    /** The nearest non-transparent character before ({@code step} -1) or after (+1) {@code i}, or -1. */
    private static int neighbour(char[] text, int i, int step) {
        for (int j = i + step; j >= 0 && j < text.length; j += step) {
            int type = Character.getType(text[j]);
            boolean transparent = type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                    || (type == Character.FORMAT && text[j] != ZWJ && text[j] != '\u200C');
            if (!transparent) {
                return j;
            }
        }
        return -1;
    }

    /** Dual-joining letters, tatweel and ZWJ join the following letter. */
    private static boolean joinsForward(char c) {
        if (c == TATWEEL || c == ZWJ) {
            return true;
        }
        char[] f = FORMS.get(c);
        return f != null && (f[INITIAL] != 0 || f[MEDIAL] != 0);
    }

    /** Letters with a final form (dual- and right-joining), tatweel and ZWJ join the preceding letter. */
    private static boolean joinsBackward(char c) {
        if (c == TATWEEL || c == ZWJ) {
            return true;
        }
        char[] f = FORMS.get(c);
        return f != null && f[FINAL] != 0;
    }
}
