package dev.telltale.core;

import dev.telltale.core.internal.text.CharFolds;
import dev.telltale.core.internal.text.ConfusableFolding;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The normalisation applied to a text before it is tokenised for detection: a set of
 * {@link Normalization} steps, run in declaration order, NFC always last.
 *
 * <p>{@link #DEFAULT} is NFC alone (the detect contract since the first release). {@link #ROBUST} adds every
 * step: it undoes the cheap attacks that change a text's tokens without changing what a reader sees
 * (homoglyphs, zero-width characters, odd spaces, compatibility forms). Embedding and detection agree on
 * it: {@code apply} is idempotent and the output of {@code ROBUST} is a fixed point of every other set, so
 * generated text passed once through {@code ROBUST} detects the same under any set.
 *
 * <p>Immutable and thread-safe; on ASCII text without unusual whitespace every step is the identity.
 */
public final class TextNormalizer {
    /** NFC only: the default, unchanged detect contract. */
    public static final TextNormalizer DEFAULT = new TextNormalizer(EnumSet.of(Normalization.NFC));
    /** Every step. */
    public static final TextNormalizer ROBUST = new TextNormalizer(EnumSet.allOf(Normalization.class));

    private final Set<Normalization> steps;
    private final List<String> names;

    private TextNormalizer(EnumSet<Normalization> steps) {
        steps.add(Normalization.NFC);
        this.steps = Collections.unmodifiableSet(steps);
        List<String> n = new ArrayList<>();
        for (Normalization s : steps) {
            n.add(s.json());
        }
        this.names = List.copyOf(n);
    }

    /** The normaliser running {@code steps} (NFC is added: it always runs). */
    public static TextNormalizer of(Collection<Normalization> steps) {
        EnumSet<Normalization> s = EnumSet.noneOf(Normalization.class);
        s.addAll(steps);
        return new TextNormalizer(s);
    }

    /**
     * Parses an option value: {@code robust} (every step), {@code default} or {@code nfc}, or a comma
     * separated list of step names ({@code nfkc,confusables,invisibles}).
     *
     * @throws IllegalArgumentException naming the known steps
     */
    public static TextNormalizer parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("normalizer list is empty; use e.g. 'nfc', 'robust' or 'nfkc,confusables,invisibles'");
        }
        String t = spec.strip();
        if (t.equalsIgnoreCase("robust")) {
            return ROBUST;
        }
        if (t.equalsIgnoreCase("default")) {
            return DEFAULT;
        }
        EnumSet<Normalization> s = EnumSet.noneOf(Normalization.class);
        for (String part : t.split(",")) {
            s.add(Normalization.parse(part));
        }
        return new TextNormalizer(s);
    }

    /** Applies the steps in order. */
    public String apply(String text) {
        String s = text;
        if (steps.contains(Normalization.INVISIBLES)) {
            s = CharFolds.removeInvisibles(s);
        }
        if (steps.contains(Normalization.NFKC)) {
            s = CharFolds.nfkc(s);
        }
        if (steps.contains(Normalization.CONFUSABLES)) {
            s = ConfusableFolding.fold(s);
        }
        if (steps.contains(Normalization.WHITESPACE)) {
            s = CharFolds.foldWhitespace(s);
        }
        return Normalizer.normalize(s, Normalizer.Form.NFC);
    }

    /** The steps that run, in order (always ends with NFC). */
    public Set<Normalization> steps() {
        return steps;
    }

    /** The steps' names in the order they run ({@code ["nfc"]} for the default). */
    public List<String> names() {
        return names;
    }

    /** The names joined with '+' ({@code "nfc"}; {@code "invisibles+nfkc+confusables+whitespace+nfc"}). */
    public String spec() {
        return String.join("+", names);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TextNormalizer n && n.steps.equals(steps);
    }

    @Override
    public int hashCode() {
        return steps.hashCode();
    }

    @Override
    public String toString() {
        return spec();
    }
}
