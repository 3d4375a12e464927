package dev.telltale.core.internal.bpe;

/**
 * The pre-tokenizer regexes we implement, each by a hand-written scanner ({@link PieceScanner}) with the
 * exact semantics of the reference's Oniguruma: ordered alternation, greedy quantifiers with backtracking,
 * Unicode {@code \s}, {@code \p{L}}, {@code \p{N}} ({@link OnigClasses}), and case folding under
 * {@code (?i:...)}. A file whose regex is not one of these, character for character, is refused.
 */
enum SplitPattern {
    /** Qwen2 / Qwen2.5 / Qwen3: one digit per piece. */
    QWEN2("(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*"
            + "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+", 1),
    /** Llama 3: as Qwen2 with runs of up to three digits. */
    LLAMA3("(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*"
            + "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+", 3),
    /** GPT-2: the built-in regex of the ByteLevel pre-tokenizer with {@code use_regex: true}. */
    GPT2("'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+", Integer.MAX_VALUE);

    private final String regex;
    /** Longest digit run in one piece. */
    final int maxDigits;

    SplitPattern(String regex, int maxDigits) {
        this.regex = regex;
        this.maxDigits = maxDigits;
    }

    /** The regex as written in tokenizer.json. */
    String regex() {
        return regex;
    }

    /** The pattern whose regex is exactly {@code regex}, or null. */
    static SplitPattern ofRegex(String regex) {
        for (SplitPattern p : values()) {
            if (p.regex.equals(regex)) {
                return p;
            }
        }
        return null;
    }
}
