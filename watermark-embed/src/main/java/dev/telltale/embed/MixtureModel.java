package dev.telltale.embed;

/**
 * A language model whose next-token distribution is a shared dense base distribution plus a sparse part:
 * {@code p(w | h) = λ(h) · base(w) + extra_h(w)}, with extra non-zero on few ids (the n-gram model: base =
 * the smoothed unigram, extra = the discounted counts of the seen context rows). {@link MixtureSampler}
 * draws from it exactly without touching all V logits.
 *
 * <p>{@link #logits} and {@link #mixture} describe the same distribution; like {@link #logits},
 * {@link #mixture} uses per-instance scratch (one thread per instance).
 */
public interface MixtureModel extends LanguageModel {

    /** Fills {@code out} with λ(h) and the sparse (id, extra) pairs for the context {@code context[0..length)}. */
    void mixture(int[] context, int length, MixtureStep out);

    /** Inverse CDF of the base distribution: the token at quantile {@code u} ∈ [0, 1). Thread-safe. */
    int sampleBase(double u);

    /** base(w), in the units of {@link MixtureStep#extra} (so p(w | h) = λ(h) · base(w) + extra_h(w)). Thread-safe. */
    double baseProbability(int token);
}
