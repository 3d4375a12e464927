package dev.telltale.embed;

import dev.telltale.core.HfKgwParameters;
import dev.telltale.core.WatermarkKey;
import dev.telltale.core.internal.torch.HfKgwPrf;
import dev.telltale.core.internal.torch.Mt19937;

/**
 * {@code hf-kgw-selfhash} embed step, bit for bit the CPU output of transformers'
 * {@code WatermarkLogitsProcessor(seeding_scheme="selfhash")}: the 40 highest-scoring candidates are each
 * tested against the green list their own window seeds (the last context_width − 1 ids plus the
 * candidate); those inside get {@code bias} (as float32). Contexts shorter than {@code context_width} are
 * left alone, as HF does.
 *
 * <p>Candidate order is torch's descending sort; equal logits are taken lowest id first (torch's unstable
 * sort leaves the order of ties unspecified, so exact ties at the 40th place may differ from HF). With
 * context_width 1 the decision depends on the candidate alone and is cached per id. Holds scratch, so one
 * instance per thread; no allocation per step.
 */
public final class HfKgwSelfHashEmbedder implements LogitsProcessor {
    private final HfKgwPrf prf;
    private final int contextWidth;
    private final float bias;
    private final Mt19937 rng = new Mt19937(0);
    private final int[] top = new int[HfKgwPrf.SELFHASH_CANDIDATES];   // candidate ids, best first
    private final float[] topValue = new float[HfKgwPrf.SELFHASH_CANDIDATES];
    private final byte[] cache;  // [vocab] context_width 1 only: 0 unknown, 1 green, 2 not green

    public HfKgwSelfHashEmbedder(HfKgwParameters params) {
        if (params.seedingScheme() != HfKgwParameters.SeedingScheme.SELFHASH) {
            throw new IllegalArgumentException("not a selfhash parameter set: " + params);
        }
        this.prf = params.prf();
        this.contextWidth = params.contextWidth();
        this.bias = (float) params.bias();
        this.cache = contextWidth == 1 ? new byte[params.vocabSize()] : null;
    }

    @Override
    public void process(int[] context, int length, float[] logits) {
        if (length < contextWidth) {
            return;
        }
        int n = topCandidates(logits);
        // Decide every candidate on the unbiased scores, then bias (HF collects the list first).
        int greens = 0;
        for (int i = 0; i < n; i++) {
            int c = top[i];
            if (isGreen(context, length, c)) {
                top[greens++] = c;
            }
        }
        for (int i = 0; i < greens; i++) {
            logits[top[i]] += bias;
        }
    }

    private boolean isGreen(int[] context, int length, int candidate) {
        if (candidate >= prf.vocabSize()) {
            return false; // outside randperm(vocab_size)
        }
        if (cache != null) {
            byte b = cache[candidate];
            if (b == 0) {
                b = prf.isGreen(prf.candidateSeed(context, 0, candidate), candidate, rng) ? (byte) 1 : (byte) 2;
                cache[candidate] = b;
            }
            return b == 1;
        }
        return prf.isGreen(prf.candidateSeed(context, length, candidate), candidate, rng);
    }

    /** The (at most) 40 largest logits, descending, ties lowest id first; returns how many. */
    private int topCandidates(float[] logits) {
        int k = Math.min(top.length, logits.length);
        int n = 0;
        for (int v = 0; v < logits.length; v++) {
            float x = logits[v];
            if (n == k && !(x > topValue[k - 1])) {
                continue;
            }
            int i = n == k ? k - 1 : n++;
            while (i > 0 && x > topValue[i - 1]) {
                top[i] = top[i - 1];
                topValue[i] = topValue[i - 1];
                i--;
            }
            top[i] = v;
            topValue[i] = x;
        }
        return n;
    }

    /** Registered through {@code META-INF/services}. */
    public static final class Provider implements EmbedderProvider {
        @Override
        public String schemeId() {
            return HfKgwParameters.SeedingScheme.SELFHASH.schemeId();
        }

        @Override
        public LogitsProcessor create(WatermarkKey key) {
            return new HfKgwSelfHashEmbedder((HfKgwParameters) key.scheme());
        }
    }
}
