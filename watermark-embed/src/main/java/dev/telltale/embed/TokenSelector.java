package dev.telltale.embed;

import java.util.random.RandomGenerator;

/**
 * The draw of a scheme that picks the next token itself from the final distribution (after temperature,
 * top-k and top-p) instead of biasing logits: Gumbel-max and SynthID tournament sampling. {@link Sampler}
 * computes the distribution exactly as for an ordinary draw and hands it over; a selector that leaves a
 * position unwatermarked (short or repeated context) draws with {@link Sampler#draw}.
 *
 * <p>Implementations are thread-safe and allocation-free per step (scratch may be per thread).
 */
public interface TokenSelector {

    /**
     * @param context token ids, {@code context[0..length)} valid, most recent last
     * @param length  number of valid ids
     * @param weights [vocab] unnormalised probabilities, 0 = excluded; the selector may overwrite them
     * @param total   Σ weights, &gt; 0
     * @param rng     randomness for the parts of the draw the key does not fix
     * @return the next token id, one with a positive weight
     */
    int select(int[] context, int length, double[] weights, double total, RandomGenerator rng);

    /**
     * The same draw when the sampler knows the support (top-k, top-p): {@code support[0..size)} holds, in
     * ascending order, exactly the ids with a positive weight (every other weight is 0), so a selector may
     * visit them instead of the whole vocabulary. Must return the token {@link #select(int[], int, double[], double, RandomGenerator)}
     * would for the same arguments and {@code rng} state (tested); the default ignores the list.
     */
    default int select(int[] context, int length, double[] weights, int[] support, int size, double total,
            RandomGenerator rng) {
        return select(context, length, weights, total, rng);
    }
}
