package dev.telltale.embed;

import dev.telltale.core.KgwSelfHash;
import dev.telltale.core.KgwSelfHashParameters;
import dev.telltale.core.Tt1Prf;
import dev.telltale.core.WatermarkKey;

/**
 * KGW SelfHash embed step [1] on tt1 (seeding in {@link KgwSelfHash}): a candidate v gets +δ iff
 * {@code green_γ(u(min_u(m, H(v)), v))}, with m the minimum of H over the last h tokens.
 *
 * <p>Cost: m is h mixes per step; H(v) is read from a table built once per embedder (the key's vocabulary,
 * 8 bytes per id), so a candidate costs one compare and one mix, no SipHash.
 *
 * <p>Only the candidates that can matter are processed. With top-k in the sampling settings, a token whose
 * biased logit {@code l + δ} is below the k-th largest raw logit L_k cannot enter the top-k (biasing only
 * raises the k-th largest), so it is left as is and the sampled distribution is unchanged; the others are
 * processed. Without top-k every candidate is processed. Positions with fewer than h tokens of context are
 * left unbiased. Thread-safe; the top-k selection uses a per-thread scratch copy of the logits.
 *
 * <p>[1] Kirchenbauer et al. On the Reliability of Watermarks for Large Language Models. ICLR 2024.
 */
public final class KgwSelfHashEmbedder implements LogitsProcessor, TokenBias {
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);
    private final KgwSelfHash hash;
    private final int contextWidth;
    private final long threshold;
    private final float delta;
    private final long[] anchors; // [vocab] H(v)

    /** @param vocabSize ids [0, vocabSize) get a precomputed H(v) */
    public KgwSelfHashEmbedder(Tt1Prf prf, KgwSelfHashParameters params, int vocabSize) {
        this.hash = new KgwSelfHash(prf);
        this.contextWidth = params.contextWidth();
        this.threshold = Tt1Prf.greenThreshold(params.gamma());
        this.delta = (float) params.delta();
        this.anchors = new long[vocabSize];
        for (int v = 0; v < vocabSize; v++) {
            anchors[v] = hash.anchor(v);
        }
    }

    @Override
    public void process(int[] context, int length, float[] logits) {
        if (length < contextWidth) {
            return;
        }
        long m = hash.windowMin(context, length - contextWidth, length);
        int table = Math.min(logits.length, anchors.length);
        KgwSelfHash.addGreenBias(m, anchors, threshold, delta, logits, table);
        for (int v = table; v < logits.length; v++) {
            bias(logits, v, m);
        }
    }

    @Override
    public void process(int[] context, int length, float[] logits, SamplingConfig sampling) {
        int n = logits.length;
        int k = sampling == null ? 0 : sampling.topK();
        if (k <= 0 || k >= n) {
            process(context, length, logits);
            return;
        }
        if (length < contextWidth) {
            return;
        }
        float[] scratch = SCRATCH.get();
        if (scratch.length < n) {
            scratch = new float[n];
            SCRATCH.set(scratch);
        }
        float kth = Sampler.kthLargest(logits, n, k, scratch); // L_k of the raw logits
        long m = hash.windowMin(context, length - contextWidth, length);
        for (int v = 0; v < n; v++) {
            if (logits[v] + delta >= kth) { // may reach the top-k once biased
                bias(logits, v, m);
            }
        }
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
        state[0] = hash.windowMin(context, length - contextWidth, length);
        return true;
    }

    @Override
    public float bias(long[] state, int token) {
        long a = token < anchors.length ? anchors[token] : hash.anchor(token);
        return Tt1Prf.greenBit(Tt1Prf.value(KgwSelfHash.seed(state[0], a), token), threshold) * delta;
    }

    private void bias(float[] logits, int v, long windowMin) {
        long a = v < anchors.length ? anchors[v] : hash.anchor(v);
        logits[v] += Tt1Prf.greenBit(Tt1Prf.value(KgwSelfHash.seed(windowMin, a), v), threshold) * delta;
    }

    /** Registered through {@code META-INF/services}. */
    public static final class Provider implements EmbedderProvider {
        @Override
        public String schemeId() {
            return KgwSelfHashParameters.ID;
        }

        @Override
        public LogitsProcessor create(WatermarkKey key) {
            return new KgwSelfHashEmbedder(key.prf(), (KgwSelfHashParameters) key.scheme(), key.tokenizer().vocabSize());
        }
    }
}
