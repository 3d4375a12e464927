package dev.telltale.core.internal.torch;

import java.util.Arrays;

/**
 * SynthID's rolling history of context hashes [2]: the last {@code size} hashes, initialised with
 * {@code size} zeros as HF initialises its state. {@link #checkAndPush} answers "was this context hash in
 * the history?" and then pushes it, evicting the oldest (HF pushes every context, repeated or not).
 * O(1) per step through a count map. Mutable: one per sequence.
 */
public final class ContextHistory {
    private final long[] ring;  // [size] the history, oldest at pos
    private final LongIntMap counts;
    private int pos;

    public ContextHistory(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("context history size must be >= 1, got " + size);
        }
        this.ring = new long[size];
        this.counts = new LongIntMap(Math.min(size, 4096));
        reset();
    }

    /** Back to {@code size} zeros. */
    public void reset() {
        Arrays.fill(ring, 0L);
        counts.clear();
        counts.add(0L, ring.length);
        pos = 0;
    }

    /** True if {@code hash} is among the last {@code size} hashes (or initial zeros); then pushes it. */
    public boolean checkAndPush(long hash) {
        boolean repeated = counts.get(hash) > 0;
        counts.add(ring[pos], -1);
        ring[pos] = hash;
        counts.add(hash, 1);
        pos = pos + 1 == ring.length ? 0 : pos + 1;
        return repeated;
    }
}
