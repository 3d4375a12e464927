package dev.telltale.embed;

/**
 * Repeated-context masking at embed time (SynthID [1]; also Gumbel, whose choice is deterministic given the
 * window and the distribution, so an unmasked repeat would replay the same token).
 *
 * <p>A position is masked when its window of the last h ids already ended at an earlier position of the
 * sequence, prompt included, among the last {@link #HISTORY} windows (as the reference implementation's
 * context history of 1,024). Stateless: the scan reads the context itself, so processors stay thread-safe;
 * at most {@code HISTORY} comparisons of the last id per step, allocation-free. Detection masks over the
 * whole text, a superset of these positions, so the null distribution is unaffected.
 *
 * <p>[1] Dathathri et al. Scalable watermarking for identifying large language model outputs. Nature 2024.
 */
final class RepeatedContexts {
    /** Earlier windows examined. */
    static final int HISTORY = 1024;

    private RepeatedContexts() {}

    /** True iff {@code ids[length-h..length)} equals a window {@code ids[e-h..e)} with e &lt; length. */
    static boolean seenBefore(int[] ids, int length, int h) {
        if (h <= 0 || length <= h) {
            return false;
        }
        int last = ids[length - 1];
        int lowest = Math.max(h, length - HISTORY);
        for (int e = length - 1; e >= lowest; e--) {
            if (ids[e - 1] != last) {
                continue;
            }
            int j = 2;
            while (j <= h && ids[e - j] == ids[length - j]) {
                j++;
            }
            if (j > h) {
                return true;
            }
        }
        return false;
    }
}
