package dev.telltale.embed;

import dev.telltale.core.HfKgwParameters;
import dev.telltale.core.WatermarkKey;
import dev.telltale.core.internal.torch.HfKgwPrf;
import dev.telltale.core.internal.torch.Mt19937;
import dev.telltale.core.internal.torch.RandpermPrefix;

/**
 * {@code hf-kgw-lefthash} embed step, bit for bit the CPU output of transformers'
 * {@code WatermarkLogitsProcessor(seeding_scheme="lefthash")}: seed a CPU generator with
 * {@code hashing_key · x[-1] mod (2^64 − 1)}, take {@code randperm(vocab_size)[:int(vocab_size·γ)]} and add
 * {@code bias} (as float32) to those logits. Contexts shorter than {@code context_width} are left alone.
 *
 * <p>Green ids at or above {@code logits.length} (a model config vocabulary larger than the logits given)
 * are skipped. Per step: one generator seeding and int(V·γ) draws through {@link RandpermPrefix}; no
 * allocation. Holds scratch, so one instance per thread.
 */
public final class HfKgwLeftHashEmbedder implements LogitsProcessor {
    private final HfKgwPrf prf;
    private final int contextWidth;
    private final float bias;
    private final Mt19937 rng = new Mt19937(0);
    private final RandpermPrefix perm;
    private final int[] green;   // [greenlist size] scratch

    public HfKgwLeftHashEmbedder(HfKgwParameters params) {
        if (params.seedingScheme() != HfKgwParameters.SeedingScheme.LEFTHASH) {
            throw new IllegalArgumentException("not a lefthash parameter set: " + params);
        }
        this.prf = params.prf();
        this.contextWidth = params.contextWidth();
        this.bias = (float) params.bias();
        this.perm = new RandpermPrefix(params.vocabSize());
        this.green = new int[params.greenlistSize()];
    }

    @Override
    public void process(int[] context, int length, float[] logits) {
        if (length < contextWidth) {
            return;
        }
        prf.greenlist(prf.leftHashSeed(context[length - 1]), rng, perm, green);
        for (int g : green) {
            if (g < logits.length) {
                logits[g] += bias;
            }
        }
    }

    /** Registered through {@code META-INF/services}. */
    public static final class Provider implements EmbedderProvider {
        @Override
        public String schemeId() {
            return HfKgwParameters.SeedingScheme.LEFTHASH.schemeId();
        }

        @Override
        public LogitsProcessor create(WatermarkKey key) {
            return new HfKgwLeftHashEmbedder((HfKgwParameters) key.scheme());
        }
    }
}
