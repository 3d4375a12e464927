package dev.telltale.core;

/**
 * Which implementation tokenises: {@link #FAST}, the pure-Java byte-level BPE ({@code fast-bpe}), or
 * {@link #DJL}, HuggingFace tokenizers through DJL ({@code djl-hf}), the reference. Both give identical ids;
 * {@code FAST} falls back to {@code DJL} for a {@code tokenizer.json} it does not fully support.
 */
public enum TokenizerImpl {
    FAST,
    DJL;

    /** Parses {@code fast} or {@code djl} (any case). */
    public static TokenizerImpl parse(String s) {
        for (TokenizerImpl t : values()) {
            if (t.name().equalsIgnoreCase(s)) {
                return t;
            }
        }
        throw new IllegalArgumentException("tokenizer implementation must be fast or djl, got '" + s + "'");
    }
}
