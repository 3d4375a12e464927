package dev.telltale.corpus.eval;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One edit of a watermarked text, as an adversary without the key would make it. Token edits work on the
 * text's Qwen3 ids and decode the result; the others work on characters or words.
 *
 * @param name  shown in the tables ("token substitution 30%")
 * @param cheap a Unicode-level edit that a reader does not see, which the robust normalisers should undo
 */
record Attack(String name, Kind kind, double rate, boolean cheap) {
    enum Kind { NONE, SUBSTITUTE, DELETE, INSERT, SYNONYM, UPPERCASE, WORD_CASE, WHITESPACE, HOMOGLYPH, ZERO_WIDTH, TRUNCATE }

    private static final Pattern WORD = Pattern.compile("[A-Za-z]+");
    /** Latin letter -> Cyrillic or Greek look-alike. */
    private static final String LATIN = "aceopxyijsABCEHKMOPTXY";
    private static final String LOOKALIKE = "\u0430\u0441\u0435\u043E\u0440\u0445\u0443\u0456\u0458\u0455"
            + "\u0410\u0412\u0421\u0415\u041D\u041A\u041C\u041E\u0420\u0422\u0425\u03A5";
    private static final String[] SPACES = {"  ", "\u00A0", "\u2009", "\u3000", " \t"};
    private static final String[] INVISIBLE = {"\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u00AD"};

    static Attack of(Kind kind, double rate) {
        String n = switch (kind) {
            case NONE -> "none (clean)";
            case SUBSTITUTE -> "token substitution";
            case DELETE -> "token deletion";
            case INSERT -> "token insertion";
            case SYNONYM -> "synonyms (WordNet)";
            case UPPERCASE -> "upper case (all)";
            case WORD_CASE -> "upper-case words";
            case WHITESPACE -> "whitespace (double, no-break, thin, ideographic spaces)";
            case HOMOGLYPH -> "homoglyphs (Cyrillic/Greek)";
            case ZERO_WIDTH -> "zero-width characters";
            case TRUNCATE -> "truncation, tokens kept:";
        };
        boolean rated = kind != Kind.NONE && kind != Kind.UPPERCASE;
        boolean cheap = kind == Kind.WHITESPACE || kind == Kind.HOMOGLYPH || kind == Kind.ZERO_WIDTH;
        return new Attack(rated ? String.format(Locale.ROOT, "%s %d%%", n, Math.round(rate * 100)) : n, kind, rate, cheap);
    }

    /** The attacked text; {@code ids} are the tokens of {@code text}. */
    String apply(EvalContext ctx, String text, int[] ids, SplittableRandom r) {
        return switch (kind) {
            case NONE -> text;
            case SUBSTITUTE, DELETE, INSERT -> ctx.tokenizer.decode(editTokens(ctx, ids, r));
            case SYNONYM -> synonyms(ctx.synonyms, text, r);
            case UPPERCASE -> text.toUpperCase(Locale.ROOT);
            case WORD_CASE -> replaceWords(text, r, w -> w.toUpperCase(Locale.ROOT));
            case WHITESPACE -> perChar(text, r, c -> c == ' ' ? SPACES[r.nextInt(SPACES.length)] : null);
            case HOMOGLYPH -> perChar(text, r, c -> LATIN.indexOf(c) >= 0 ? String.valueOf(LOOKALIKE.charAt(LATIN.indexOf(c))) : null);
            case ZERO_WIDTH -> perChar(text, r, c -> Character.toString(c) + INVISIBLE[r.nextInt(INVISIBLE.length)]);
            case TRUNCATE -> ctx.tokenizer.decode(Arrays.copyOf(ids, (int) Math.round(ids.length * rate)));
        };
    }

    /** Substitutes, deletes or inserts tokens, each position with probability {@code rate}; new tokens are drawn
     *  from held-out human text (human token frequencies). */
    private int[] editTokens(EvalContext ctx, int[] ids, SplittableRandom r) {
        int[] out = new int[2 * ids.length];
        int n = 0;
        for (int id : ids) {
            boolean hit = r.nextDouble() < rate;
            if (hit && kind == Kind.DELETE) {
                continue;
            }
            out[n++] = hit && kind == Kind.SUBSTITUTE ? humanToken(ctx, r) : id;
            if (hit && kind == Kind.INSERT) {
                out[n++] = humanToken(ctx, r);
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static int humanToken(EvalContext ctx, SplittableRandom r) {
        return ctx.heldOutTokens[r.nextInt(ctx.heldOutTokens.length)];
    }

    /** Each word with a WordNet synonym is replaced, with probability {@code rate}, by one of them (case kept). */
    private String synonyms(SynonymTable table, String text, SplittableRandom r) {
        return replaceWords(text, r, w -> {
            String[] syn = table.of(w.toLowerCase(Locale.ROOT));
            if (syn == null) {
                return null;
            }
            String s = syn[r.nextInt(syn.length)];
            if (w.length() > 1 && w.equals(w.toUpperCase(Locale.ROOT))) {
                return s.toUpperCase(Locale.ROOT);
            }
            return Character.isUpperCase(w.charAt(0)) ? Character.toUpperCase(s.charAt(0)) + s.substring(1) : s;
        });
    }

    /** The share of the words of {@code text} that have a WordNet synonym (the synonym attack's reach). */
    static double synonymCoverage(SynonymTable table, String text) {
        Matcher m = WORD.matcher(text);
        int words = 0;
        int covered = 0;
        while (m.find()) {
            words++;
            covered += table.of(m.group().toLowerCase(Locale.ROOT)) != null ? 1 : 0;
        }
        return words == 0 ? 0 : (double) covered / words;
    }

    /** Replaces, with probability {@code rate}, each word for which {@code f} gives a replacement. */
    private String replaceWords(String text, SplittableRandom r, java.util.function.Function<String, String> f) {
        Matcher m = WORD.matcher(text);
        StringBuilder sb = new StringBuilder(text.length() + 16);
        while (m.find()) {
            String rep = f.apply(m.group());
            m.appendReplacement(sb, Matcher.quoteReplacement(rep != null && r.nextDouble() < rate ? rep : m.group()));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Replaces, with probability {@code rate}, each character for which {@code f} gives a replacement. */
    private String perChar(String text, SplittableRandom r, java.util.function.IntFunction<String> f) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String rep = f.apply(c);
            sb.append(rep != null && r.nextDouble() < rate ? rep : String.valueOf(c));
        }
        return sb.toString();
    }
}
