package dev.telltale.embed;

/**
 * A {@link LogitsProcessor} whose step only adds a bounded, per-token bias to the logits:
 * {@code process} adds {@code bias(state, v)} to every logit v, with 0 ≤ bias ≤ {@link #maxBias()}, where
 * {@code state} is what {@link #prepare} computed for the step (the window's seed, say). Samplers that look at
 * a handful of candidates instead of all V use it: {@link MixtureSampler} (rejection) and {@link Sampler}'s
 * pruned top-k path. They call {@link #prepare} once per step, then {@link #bias(long[], int)} per candidate,
 * so the per-step work (a SipHash, a window minimum) is not repeated for every candidate.
 */
public interface TokenBias {
    /** Size of the per-step state array every implementation fits in. */
    int STATE_LONGS = 2;

    /** The largest bias any token can receive (δ). */
    float maxBias();

    /**
     * Computes the step's state into {@code state[0..STATE_LONGS)}.
     *
     * @return false when this step biases nothing (fewer than h tokens of context); then every bias is 0
     */
    boolean prepare(int[] context, int length, long[] state);

    /** What {@code process} adds to {@code token}'s logit, given the state {@link #prepare} returned true for. */
    float bias(long[] state, int token);

    /**
     * What {@code process} adds to {@code token}'s logit after {@code context[0..length)}: one-off convenience
     * (allocates the state); samplers use {@link #prepare} once per step instead.
     */
    default float bias(int[] context, int length, int token) {
        long[] state = new long[STATE_LONGS];
        return prepare(context, length, state) ? bias(state, token) : 0f;
    }
}
