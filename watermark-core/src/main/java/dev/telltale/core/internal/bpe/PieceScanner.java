package dev.telltale.core.internal.bpe;

import static dev.telltale.core.internal.bpe.OnigClasses.LETTER;
import static dev.telltale.core.internal.bpe.OnigClasses.NEWLINE;
import static dev.telltale.core.internal.bpe.OnigClasses.NUMBER;
import static dev.telltale.core.internal.bpe.OnigClasses.OTHER;
import static dev.telltale.core.internal.bpe.OnigClasses.SPACE;

/**
 * Splits text into pre-tokenizer pieces as the reference's {@code Split(pattern, Isolated)} does: the
 * regex is matched leftmost-first from each position, and because every character is matched by some
 * alternative the pieces tile the text. Stateless; indices are UTF-16 offsets, code points are read whole.
 *
 * <p>Derivation of the Qwen2 / Llama 3 pattern {@code (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+
 * |\p{N}{1,k}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+} at position i, first character c0:
 * <ol>
 * <li>an apostrophe and a contraction; {@code (?i)} folds 's' to S and to U+017F LONG S (CaseFolding.txt),
 *     the other letters only to their ASCII capitals;
 * <li>c0 a letter, or c0 neither CR, LF, letter nor digit followed by a letter: then the longest letter run
 *     (the optional class takes c0 only if a letter follows, else backtracks);
 * <li>c0 a digit: up to k digits;
 * <li>c0 "other" (not space, letter, digit), or c0 = ' ' followed by "other": the longest "other" run, then
 *     the longest CR/LF run;
 * <li>otherwise c0 is whitespace; let [i, j) be the whitespace run. {@code \s*[\r\n]+} backtracks to the last
 *     CR/LF of the run, so if there is one the piece ends just after it;
 * <li>else {@code \s+(?!\S)}: the whole run at the end of the text, else the run minus its last character
 *     when that leaves at least one;
 * <li>else the single whitespace character.
 * </ol>
 * GPT-2's pattern (case-sensitive contractions, then {@code ' ?'} before a letter, digit or "other" run,
 * then the two whitespace alternatives) is the same reasoning with fewer cases.
 */
final class PieceScanner {
    private PieceScanner() {}

    /** End of the piece that starts at {@code i} in {@code s[.., end)} (i &lt; end). */
    static int next(SplitPattern p, String s, int i, int end) {
        return p == SplitPattern.GPT2 ? nextGpt2(s, i, end) : nextQwen(s, i, end, p.maxDigits);
    }

    private static int nextQwen(String s, int i, int end, int maxDigits) {
        int c0 = s.codePointAt(i);
        int n0 = i + Character.charCount(c0);
        if (c0 == '\'' && n0 < end) {
            int e = contraction(s, n0, end, true);
            if (e > 0) {
                return e;
            }
        }
        byte k0 = OnigClasses.of(c0);
        if (k0 == LETTER) {
            return run(s, n0, end, LETTER);
        }
        if ((k0 == OTHER || k0 == SPACE) && n0 < end) {
            int c1 = s.codePointAt(n0);
            if (OnigClasses.of(c1) == LETTER) {
                return run(s, n0 + Character.charCount(c1), end, LETTER);
            }
        }
        if (k0 == NUMBER) {
            int j = n0;
            for (int count = 1; count < maxDigits && j < end; count++) {
                int c = s.codePointAt(j);
                if (OnigClasses.of(c) != NUMBER) {
                    break;
                }
                j += Character.charCount(c);
            }
            return j;
        }
        int others = -1;
        if (k0 == OTHER) {
            others = n0;
        } else if (c0 == ' ' && n0 < end) {
            int c1 = s.codePointAt(n0);
            if (OnigClasses.of(c1) == OTHER) {
                others = n0 + Character.charCount(c1);
            }
        }
        if (others >= 0) {
            int j = run(s, others, end, OTHER);
            while (j < end && (s.charAt(j) == '\r' || s.charAt(j) == '\n')) {
                j++;
            }
            return j;
        }
        // c0 is whitespace; all of \s is in the BMP, so one char per code point.
        int j = i;
        int lastNewline = -1;
        while (j < end) {
            byte k = OnigClasses.of(s.charAt(j));
            if (k == NEWLINE) {
                lastNewline = j;
            } else if (k != SPACE) {
                break;
            }
            j++;
        }
        if (lastNewline >= 0) {
            return lastNewline + 1;
        }
        return whitespaceTail(i, j, end);
    }

    private static int nextGpt2(String s, int i, int end) {
        int c0 = s.codePointAt(i);
        int n0 = i + Character.charCount(c0);
        if (c0 == '\'' && n0 < end) {
            int e = contraction(s, n0, end, false);
            if (e > 0) {
                return e;
            }
        }
        byte k0 = OnigClasses.of(c0);
        if (c0 == ' ' && n0 < end) {
            int c1 = s.codePointAt(n0);
            byte k1 = OnigClasses.of(c1);
            if (k1 == LETTER || k1 == NUMBER || k1 == OTHER) {
                return run(s, n0 + Character.charCount(c1), end, k1);
            }
        }
        if (k0 == LETTER || k0 == NUMBER || k0 == OTHER) {
            return run(s, n0, end, k0);
        }
        int j = i;
        while (j < end) {
            byte k = OnigClasses.of(s.charAt(j));
            if (k != SPACE && k != NEWLINE) {
                break;
            }
            j++;
        }
        return whitespaceTail(i, j, end);
    }

    /** {@code \s+(?!\S)|\s+} on the whitespace run [i, j). */
    private static int whitespaceTail(int i, int j, int end) {
        if (j == end) {
            return j;
        }
        return j - 1 > i ? j - 1 : j;
    }

    /** End of a contraction whose letters start at {@code at}, or -1. */
    private static int contraction(String s, int at, int end, boolean ignoreCase) {
        char a = s.charAt(at);
        char b = at + 1 < end ? s.charAt(at + 1) : 0;
        if (is(a, 's', ignoreCase) || (ignoreCase && a == '\u017F')
                || is(a, 't', ignoreCase) || is(a, 'm', ignoreCase) || is(a, 'd', ignoreCase)) {
            return at + 1;
        }
        if ((is(a, 'r', ignoreCase) || is(a, 'v', ignoreCase)) && is(b, 'e', ignoreCase)) {
            return at + 2;
        }
        if (is(a, 'l', ignoreCase) && is(b, 'l', ignoreCase)) {
            return at + 2;
        }
        return -1;
    }

    private static boolean is(char c, char lower, boolean ignoreCase) {
        return c == lower || (ignoreCase && c == lower - ('a' - 'A'));
    }

    /** End of the longest run of class {@code k} from {@code j}. */
    private static int run(String s, int j, int end, byte k) {
        while (j < end) {
            char ch = s.charAt(j);
            if (ch < 0x80 || !Character.isSurrogate(ch)) {
                if (OnigClasses.of(ch) != k) {
                    return j;
                }
                j++;
            } else {
                int c = s.codePointAt(j);
                if (OnigClasses.of(c) != k) {
                    return j;
                }
                j += Character.charCount(c);
            }
        }
        return j;
    }
}
