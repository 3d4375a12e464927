package dev.telltale.embed;

import dev.telltale.core.KgwParameters;
import dev.telltale.core.Tt1Prf;
import dev.telltale.core.WatermarkKey;

/**
 * KGW embed step [1, Alg. 2] over the tt1 PRF: seed from the last h tokens, then +δ on every green logit.
 *
 * <p>Positions with fewer than h tokens of context are left unbiased (they are not scored either).
 * One SipHash per step and one 64-bit mix per vocabulary entry; no allocation.
 *
 * <p>[1] Kirchenbauer et al. A Watermark for Large Language Models. ICML 2023.
 */
public final class KgwEmbedder implements LogitsProcessor, TokenBias {
    private final Tt1Prf prf;
    private final int contextWidth;
    private final long threshold;
    private final float delta;

    public KgwEmbedder(Tt1Prf prf, KgwParameters params) {
        this.prf = prf;
        this.contextWidth = params.contextWidth();
        this.threshold = Tt1Prf.greenThreshold(params.gamma());
        this.delta = (float) params.delta();
    }

    @Override
    public void process(int[] context, int length, float[] logits) {
        if (length < contextWidth) {
            return;
        }
        Tt1Prf.addGreenBias(prf.seed(context, length - contextWidth, length), threshold, delta, logits);
    }

    @Override
    public float maxBias() {
        return delta;
    }

    @Override
    public boolean prepare(int[] context, int length, long[] state) {
        if (length < contextWidth) {
            return false;
        }
        state[0] = prf.seed(context, length - contextWidth, length);
        return true;
    }

    @Override
    public float bias(long[] state, int token) {
        return Tt1Prf.greenBit(Tt1Prf.value(state[0], token), threshold) * delta;
    }

    /** Registered through {@code META-INF/services}. */
    public static final class Provider implements EmbedderProvider {
        @Override
        public String schemeId() {
            return KgwParameters.ID;
        }

        @Override
        public LogitsProcessor create(WatermarkKey key) {
            return new KgwEmbedder(key.prf(), (KgwParameters) key.scheme());
        }
    }
}
