package dev.telltale.embed;

/**
 * Greedy decoding's step: the most likely next token after the watermark's bias (lowest id on ties). Used
 * for temperature-0 serving and for reading-mode radioactivity tests (a suspect's top-1 prediction).
 *
 * <p>An unwatermarked {@link MixtureModel} is answered from its sparse entries and the base distribution's
 * mode (p(w) = λ·base(w) + extra(w), so no token outside the sparse entries beats the mode): no pass over V.
 * Otherwise: the model's logits, the watermark's {@code process}, then an argmax. A scheme that picks the
 * token itself (gumbel, synthid) has nothing to pick from a point mass, so its greedy token is the model's.
 * One instance per thread.
 */
public final class TopToken {
    private final LanguageModel model;
    private final LogitsProcessor watermark;
    private final MixtureModel mixture;   // non-null: the sparse path
    private final MixtureStep step;
    private final float[] logits;
    private final int baseMode;           // argmax of the base distribution (sparse path)

    /** @param watermark the processor, or null */
    public TopToken(LanguageModel model, LogitsProcessor watermark) {
        this.model = model;
        this.watermark = watermark;
        this.mixture = watermark == null && model instanceof MixtureModel m ? m : null;
        this.step = mixture == null ? null : new MixtureStep();
        this.logits = mixture == null ? new float[model.vocabSize()] : null;
        int mode = 0;
        if (mixture != null) {
            for (int w = 1; w < model.vocabSize(); w++) {
                if (mixture.baseProbability(w) > mixture.baseProbability(mode)) {
                    mode = w;
                }
            }
        }
        this.baseMode = mode;
    }

    /** The top token after {@code context[0..length)}. */
    public int next(int[] context, int length) {
        if (mixture == null) {
            model.logits(context, length, logits);
            if (watermark != null) {
                watermark.process(context, length, logits);
            }
            int best = 0;
            for (int v = 1; v < logits.length; v++) {
                if (logits[v] > logits[best]) {
                    best = v;
                }
            }
            return best;
        }
        mixture.mixture(context, length, step);
        double lambda = step.denseWeight();
        int best = baseMode;
        double bestP = lambda * mixture.baseProbability(baseMode);
        for (int i = 0; i < step.size(); i++) {
            int w = step.id(i);
            double p = lambda * mixture.baseProbability(w) + step.extra(i);
            if (p > bestP || (p == bestP && w < best)) {
                best = w;
                bestP = p;
            }
        }
        return best;
    }
}
