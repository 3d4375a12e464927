package dev.telltale.core;

import java.util.Locale;

/**
 * One text normalisation step applied before tokenising (see {@link TextNormalizer}). Declaration order is
 * the order in which the steps run; {@link #NFC} always runs, last.
 */
public enum Normalization {
    /** Removes invisible characters: Unicode Default_Ignorable_Code_Point (zero-width spaces and joiners,
     *  bidi controls, BOM, soft hyphen, variation selectors, tags) and control characters other than line
     *  breaks and tabs. */
    INVISIBLES,
    /** Unicode NFKC (ICU4J): compatibility forms fold to their plain letters (fullwidth, ligatures,
     *  mathematical alphanumerics, no-break and other spaces to U+0020). */
    NFKC,
    /** Maps homoglyphs from other scripts (Cyrillic, Greek, Cherokee, …) and restricted Latin look-alikes
     *  (IPA, small capitals) to the ASCII letter with the same UTS #39 confusable skeleton; text genuinely
     *  written in another script is left alone (rules in {@code ConfusableFolding}). */
    CONFUSABLES,
    /** Every run of whitespace becomes one space, or one line break, or one blank line ("\n\n") when it
     *  holds two or more line breaks. */
    WHITESPACE,
    /** Unicode NFC (the key's tokenizer expects it; always applied, last). */
    NFC;

    /** The lower-case name used in options and JSON ({@code "nfkc"}). */
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a name as printed by {@link #json()} (any case). */
    public static Normalization parse(String s) {
        for (Normalization n : values()) {
            if (n.json().equalsIgnoreCase(s.strip())) {
                return n;
            }
        }
        throw new IllegalArgumentException("unknown normalizer '" + s.strip() + "'; known: nfc, nfkc, confusables, "
                + "invisibles, whitespace, or 'robust' for all of them");
    }
}
