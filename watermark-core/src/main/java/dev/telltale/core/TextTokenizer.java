package dev.telltale.core;

/**
 * Text to token ids and back, exactly as the served model's tokenizer does it. Implementations are
 * thread-safe. Obtain one through {@link Tokenizers}.
 */
public interface TextTokenizer extends AutoCloseable {

    /** Registry id or path the tokenizer was loaded from (e.g. {@code qwen3}). */
    String id();

    /** SHA-256 (hex) of the tokenizer's definition file; keys record it. */
    String sha256();

    /** Number of ids the tokenizer can produce (model vocabulary plus added tokens). */
    int vocabSize();

    /** Which implementation produced the ids ({@code fast-bpe} or {@code djl-hf}), recorded in results. */
    String implementation();

    /** Token ids of {@code text} with no special tokens added, no truncation and no padding. */
    int[] encode(String text);

    /** Text of {@code ids}, special tokens included. */
    String decode(int[] ids);

    /** The reference a key stores for this tokenizer. */
    default TokenizerRef ref() {
        return new TokenizerRef(id(), sha256(), vocabSize());
    }

    @Override
    void close();
}
