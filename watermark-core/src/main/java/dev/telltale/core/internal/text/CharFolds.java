package dev.telltale.core.internal.text;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterCategory;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.Normalizer2;

/**
 * The character-level normalisation steps: invisible-character removal, NFKC and whitespace folding.
 * Each returns its argument itself when nothing changes.
 */
public final class CharFolds {
    private static final Normalizer2 NFKC = Normalizer2.getNFKCInstance();

    private CharFolds() {}

    /** Unicode NFKC (ICU4J's tables, newer than the JDK's). */
    public static String nfkc(String s) {
        return NFKC.isNormalized(s) ? s : NFKC.normalize(s);
    }

    /**
     * Removes Default_Ignorable_Code_Point characters (U+200B..U+200F, U+202A..U+202E, U+2060..U+206F,
     * U+FEFF, U+00AD, U+034F, variation selectors, tag characters, Hangul fillers, …) and control
     * characters (Cc) except tab, line feed, vertical tab, form feed, carriage return and NEL, which are
     * whitespace. Note: zero-width joiners inside emoji sequences and ZWNJ in Persian or Indic text go too;
     * the glyphs that remain are the same characters.
     */
    public static String removeInvisibles(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && !isInvisible(s.codePointAt(i))) {
            i += Character.charCount(s.codePointAt(i));
        }
        if (i == n) {
            return s;
        }
        StringBuilder sb = new StringBuilder(n).append(s, 0, i);
        while (i < n) {
            int cp = s.codePointAt(i);
            if (!isInvisible(cp)) {
                sb.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    static boolean isInvisible(int cp) {
        if (cp < 0x80) {
            return cp < 0x20 ? !isWhitespace(cp) : cp == 0x7F;
        }
        if (cp <= 0x9F) {
            return cp != 0x85;
        }
        return UCharacter.hasBinaryProperty(cp, UProperty.DEFAULT_IGNORABLE_CODE_POINT);
    }

    /**
     * Folds every maximal run of whitespace (space separators including no-break spaces, tab, line breaks
     * \n, \r, \r\n, VT, FF, NEL, U+2028, U+2029) to " " when it holds no line break, "\n" when it holds one,
     * and "\n\n" when it holds two or more.
     */
    public static String foldWhitespace(String s) {
        StringBuilder sb = null;
        int n = s.length();
        int i = 0;
        while (i < n) {
            int cp = s.codePointAt(i);
            if (!isWhitespace(cp)) {
                if (sb != null) {
                    sb.appendCodePoint(cp);
                }
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            int breaks = 0;
            while (i < n && isWhitespace(cp = s.codePointAt(i))) {
                if (isLineBreak(cp) && !(cp == '\n' && i > 0 && s.charAt(i - 1) == '\r')) {
                    breaks++;
                }
                i += Character.charCount(cp);
            }
            String canonical = breaks == 0 ? " " : breaks == 1 ? "\n" : "\n\n";
            boolean same = i - start == canonical.length() && s.startsWith(canonical, start);
            if (sb == null && !same) {
                sb = new StringBuilder(n).append(s, 0, start);
            }
            if (sb != null) {
                sb.append(canonical);
            }
        }
        return sb == null ? s : sb.toString();
    }

    static boolean isWhitespace(int cp) {
        return cp == ' ' || cp == '\t' || isLineBreak(cp)
                || cp >= 0x80 && UCharacter.getType(cp) == UCharacterCategory.SPACE_SEPARATOR;
    }

    static boolean isLineBreak(int cp) {
        return cp == '\n' || cp == '\r' || cp == 0x0B || cp == 0x0C || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
    }
}
