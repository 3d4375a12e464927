package dev.telltale.embed;

/**
 * A {@link LogitsProcessor} whose step only adds a bounded, per-token bias to the logits:
 * {@code process} adds {@code bias(context, length, v)} to every logit v, with 0 ≤ bias ≤ {@link #maxBias()}.
 * {@link MixtureSampler} uses it to draw from the biased distribution by rejection, looking at a handful of
 * candidates instead of all V (kgw, unigram).
 */
public interface TokenBias {

    /** The largest bias any token can receive (δ). */
    float maxBias();

    /** What {@code process} adds to {@code token}'s logit after {@code context[0..length)}. */
    float bias(int[] context, int length, int token);
}
