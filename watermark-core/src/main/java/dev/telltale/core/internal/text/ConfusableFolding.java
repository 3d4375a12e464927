package dev.telltale.core.internal.text;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.lang.UScript;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import java.util.Arrays;

/**
 * Homoglyph folding: maps look-alike letters to the ASCII letter a reader sees, without touching text
 * genuinely written in another script.
 *
 * <p><b>Prototype.</b> The prototype of a non-ASCII letter c is the ASCII letter x whose UTS #39 confusable
 * skeleton (ICU4J {@link SpoofChecker#getSkeleton}) equals c's, with x's case matching c's when both cases
 * qualify ("l" and "I" share the skeleton "l"). Skeletons are compared, never substituted: a skeleton maps
 * ASCII too ("m" → "rn"), which would wreck ordinary text. Letters are folded in decomposed form, so
 * Cyrillic "ё" becomes "ë" (base folded, diaeresis kept).
 *
 * <p><b>When.</b> A Latin-script letter is folded only when it is not "Allowed" in identifiers (UTS #39
 * Identifier_Status: IPA and small capitals such as "ɑ", "ɡ", "ᴠ"); "é", "ß", "ı", "ø" stay. A letter of another
 * script is folded when its word (a maximal run of letters and combining marks) also holds a Latin letter
 * (a mixed-script word: the homoglyph attack), or when the whole word consists of letters with a prototype
 * and the text is Latin-dominant: it has more Latin letters than letters of other scripts without a
 * prototype. So Russian or Greek prose is left as it is (most of its letters have no Latin prototype),
 * while an English text with "е", "о" or "а" swapped in (alone or whole words) folds back.
 */
public final class ConfusableFolding {
    private static final Normalizer2 NFD = Normalizer2.getNFDInstance();
    private static final Normalizer2 NFC = Normalizer2.getNFCInstance();
    /** Code points below this bound get a prototype; others (planes 2+: CJK extensions, tags) never fold. */
    private static final int TABLE_SIZE = 0x20000;

    private ConfusableFolding() {}

    /** The folded text (the argument itself when nothing folds). */
    public static String fold(String s) {
        if (isAscii(s)) {
            return s;
        }
        int[] cps = NFD.normalize(s).codePoints().toArray();
        boolean changed = false;
        // Folding only adds Latin letters, so the text can turn Latin-dominant once: repeat until stable
        // (at most three passes) so that fold(fold(s)) == fold(s).
        while (foldPass(cps)) {
            changed = true;
        }
        return changed ? NFC.normalize(new String(cps, 0, cps.length)) : s;
    }

    /** One pass over decomposed code points, in place; true if any letter folded. */
    private static boolean foldPass(int[] cps) {
        int[] proto = Table.PROTOTYPE;
        int latin = 0;
        int otherWithoutPrototype = 0;
        for (int cp : cps) {
            if (!UCharacter.isLetter(cp)) {
                continue;
            }
            int script = UScript.getScript(cp);
            if (script == UScript.LATIN) {
                latin++;
            } else if (script != UScript.COMMON && script != UScript.INHERITED && prototype(proto, cp) < 0) {
                otherWithoutPrototype++;
            }
        }
        boolean latinDominant = latin > otherWithoutPrototype;
        boolean changed = false;
        int i = 0;
        while (i < cps.length) {
            if (!isWordChar(cps[i])) {
                i++;
                continue;
            }
            int start = i;
            boolean hasLatin = false;
            boolean allFoldable = true;
            for (; i < cps.length && isWordChar(cps[i]); i++) {
                int cp = cps[i];
                if (!UCharacter.isLetter(cp)) {
                    continue;
                }
                boolean isLatin = UScript.getScript(cp) == UScript.LATIN;
                hasLatin |= isLatin;
                allFoldable &= isLatin || prototype(proto, cp) >= 0;
            }
            boolean foldOtherScripts = hasLatin || latinDominant && allFoldable;
            for (int j = start; j < i; j++) {
                int cp = cps[j];
                int p = prototype(proto, cp);
                if (p < 0) {
                    continue;
                }
                boolean restrictedLatin = UScript.getScript(cp) == UScript.LATIN
                        && UCharacter.getIntPropertyValue(cp, UProperty.IDENTIFIER_STATUS) == 0;
                if (restrictedLatin || foldOtherScripts && UScript.getScript(cp) != UScript.LATIN) {
                    cps[j] = p;
                    changed = true;
                }
            }
        }
        return changed;
    }

    private static int prototype(int[] table, int cp) {
        return cp < 0x80 || cp >= TABLE_SIZE ? -1 : table[cp];
    }

    private static boolean isWordChar(int cp) {
        return UCharacter.isLetter(cp) || UCharacter.getType(cp) == UCharacter.NON_SPACING_MARK
                || UCharacter.getType(cp) == UCharacter.COMBINING_SPACING_MARK
                || UCharacter.getType(cp) == UCharacter.ENCLOSING_MARK;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** The prototype table, built once on first use (about 0.1–0.3 s). */
    private static final class Table {
        /** [code point] -> ASCII letter with the same skeleton, or -1. */
        static final int[] PROTOTYPE = build();

        private static int[] build() {
            SpoofChecker spoof = new SpoofChecker.Builder().build();
            java.util.Map<String, String> bySkeleton = new java.util.HashMap<>(); // skeleton -> "lower/upper" letters
            for (char c = 'A'; c <= 'z'; c++) {
                if (Character.isLetter(c)) {
                    bySkeleton.merge(spoof.getSkeleton(String.valueOf(c)), String.valueOf(c), String::concat);
                }
            }
            int[] t = new int[TABLE_SIZE];
            Arrays.fill(t, -1);
            for (int cp = 0x80; cp < TABLE_SIZE; cp++) {
                if (!UCharacter.isLetter(cp)) {
                    continue;
                }
                String letters = bySkeleton.get(spoof.getSkeleton(new String(Character.toChars(cp))));
                if (letters != null) {
                    t[cp] = pick(letters, UCharacter.isUUppercase(cp) || UCharacter.isTitleCase(cp));
                }
            }
            return t;
        }

        /** One of the candidate ASCII letters, preferring the requested case. */
        private static int pick(String letters, boolean upper) {
            for (int k = 0; k < letters.length(); k++) {
                if (Character.isUpperCase(letters.charAt(k)) == upper) {
                    return letters.charAt(k);
                }
            }
            return letters.charAt(0);
        }
    }
}
