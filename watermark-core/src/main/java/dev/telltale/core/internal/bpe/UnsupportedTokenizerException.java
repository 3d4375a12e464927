package dev.telltale.core.internal.bpe;

/**
 * A {@code tokenizer.json} uses a feature the fast implementation does not reproduce exactly; the message
 * names the feature. Callers fall back to the reference implementation rather than tokenise differently.
 */
public final class UnsupportedTokenizerException extends Exception {
    private static final long serialVersionUID = 1L;

    public UnsupportedTokenizerException(String reason) {
        super(reason);
    }
}
