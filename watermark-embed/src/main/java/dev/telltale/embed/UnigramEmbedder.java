package dev.telltale.embed;

import dev.telltale.core.Tt1Prf;
import dev.telltale.core.UnigramParameters;
import dev.telltale.core.WatermarkKey;

/**
 * Unigram embed step [1]: +δ on every token of the key's one fixed green list
 * {@code {v : green_γ(u(s₀, v))}}, s₀ the seed over the empty window, at every position.
 *
 * <p>The list does not depend on the context, so it is computed once per embedder for the key's tokenizer
 * vocabulary (ids beyond it, if the model has more logits, are tested on the fly); a step adds δ to about
 * γ·V logits and calls no PRF. Immutable and thread-safe; steps allocate nothing.
 *
 * <p>[1] Zhao, Ananth, Li, Wang. Provable Robust Watermarking for AI-Generated Text. ICLR 2024.
 */
public final class UnigramEmbedder implements LogitsProcessor, TokenBias {
    private final long seed;
    private final long threshold;
    private final float delta;
    private final int tableSize;
    private final int[] green; // ascending green ids in [0, tableSize)

    /** @param vocabSize ids [0, vocabSize) get a precomputed list */
    public UnigramEmbedder(Tt1Prf prf, UnigramParameters params, int vocabSize) {
        this.seed = prf.seed(new int[0], 0, 0);
        this.threshold = Tt1Prf.greenThreshold(params.gamma());
        this.delta = (float) params.delta();
        this.tableSize = vocabSize;
        int[] all = new int[vocabSize];
        int n = 0;
        for (int v = 0; v < vocabSize; v++) {
            if (Tt1Prf.isGreen(Tt1Prf.value(seed, v), threshold)) {
                all[n++] = v;
            }
        }
        this.green = java.util.Arrays.copyOf(all, n);
    }

    @Override
    public void process(int[] context, int length, float[] logits) {
        int n = logits.length;
        for (int v : green) {
            if (v >= n) {
                break;
            }
            logits[v] += delta;
        }
        for (int v = tableSize; v < n; v++) {
            if (Tt1Prf.isGreen(Tt1Prf.value(seed, v), threshold)) {
                logits[v] += delta;
            }
        }
    }

    @Override
    public float maxBias() {
        return delta;
    }

    @Override
    public boolean prepare(int[] context, int length, long[] state) {
        return true; // one fixed list: no per-step state
    }

    @Override
    public float bias(long[] state, int token) {
        return Tt1Prf.greenBit(Tt1Prf.value(seed, token), threshold) * delta;
    }

    /** Registered through {@code META-INF/services}. */
    public static final class Provider implements EmbedderProvider {
        @Override
        public String schemeId() {
            return UnigramParameters.ID;
        }

        @Override
        public LogitsProcessor create(WatermarkKey key) {
            return new UnigramEmbedder(key.prf(), (UnigramParameters) key.scheme(), key.tokenizer().vocabSize());
        }
    }
}
