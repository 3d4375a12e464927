package dev.telltale.detect;

/**
 * Names the account a text was served to, for keys of an account scheme (docs/attribution.md). Get one with
 * {@link AccountTracers#forKey}; keep it (building it may precompute per-account tables) and call
 * {@link #trace} from any thread.
 *
 * <p>Text goes through the same normalisation and tokenizer as detection: {@code trace(detector.tokenize(text))}.
 */
public interface AccountTracer {

    /**
     * Traces token ids of the key's tokenizer (no special tokens). Each (window, token) pair is scored once.
     *
     * @throws IllegalArgumentException for a negative id
     */
    AccountAttribution trace(int[] ids);

    /**
     * Tests one account named in advance ("was this text served to account 12345?"): the same statistic for
     * {@code accountId}, with a p-value not corrected for the account space (the account was chosen before
     * looking at the text; {@link #trace} corrects because it chooses by looking). Still valid against texts
     * of every other account of the key.
     *
     * @throws IllegalArgumentException for a negative token id or an account outside [0, N)
     */
    AccountAttribution testAccount(int[] ids, long accountId);
}
