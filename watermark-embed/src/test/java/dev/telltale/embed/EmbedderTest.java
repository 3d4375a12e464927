package dev.telltale.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.telltale.core.SchemeParameters;
import dev.telltale.core.Schemes;
import dev.telltale.core.TokenizerRef;
import dev.telltale.core.WatermarkKey;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The serving API: the pruned top-k path equals biasing every logit; batch forms equal the single forms. */
class EmbedderTest {
    private static final int V = 32_000;

    private static WatermarkKey key(SchemeParameters scheme, long seed) {
        byte[] secret = new byte[WatermarkKey.SECRET_BYTES];
        new SplittableRandom(seed).nextBytes(secret);
        return WatermarkKey.fromSecret(secret, scheme, new TokenizerRef("t", "0".repeat(64), V), Instant.EPOCH);
    }

    /** Peaked logits with ties and a few -inf entries, as models produce after masking. */
    private static float[] logits(SplittableRandom r) {
        float[] l = new float[V];
        for (int v = 0; v < V; v++) {
            l[v] = r.nextInt(50) == 0 ? Float.NEGATIVE_INFINITY
                    : (float) Math.round(-1.5 * Math.log(1 + r.nextInt(V)) * 8) / 8f; // quantised: many ties
        }
        return l;
    }

    @ParameterizedTest(name = "{0}, top-k {1}, T {2}, top-p {3}")
    @CsvSource({"kgw, 1, 1.0, 1.0", "kgw, 50, 1.0, 1.0", "kgw, 50, 0.7, 0.9", "kgw, 100, 1.3, 1.0",
            "unigram, 50, 1.0, 1.0", "unigram, 7, 0.5, 0.8", "kgw-selfhash, 50, 1.0, 1.0", "kgw-selfhash, 20, 0.8, 0.95"})
    void prunedTopK_drawsTheSameTokenAsBiasingEveryLogit(String scheme, int topK, double t, double topP) {
        WatermarkKey key = key(Schemes.preset(scheme), topK);
        SamplingConfig sampling = new SamplingConfig(t, topK, topP);
        LogitsProcessor full = Embedders.forKey(key);
        Embedder pruned = Embedder.forKey(key, sampling);
        Sampler reference = new Sampler(sampling);
        SplittableRandom r = new SplittableRandom(11);
        int[] context = new int[600];
        for (int i = 0; i < context.length; i++) {
            context[i] = r.nextInt(V);
        }
        for (int step = 0; step < 300; step++) {
            float[] raw = logits(r);
            int length = 3 + step;
            float[] biased = raw.clone();
            full.process(context, length, biased);
            long seed = r.nextLong();
            int expected = reference.sample(biased, new SplittableRandom(seed));
            int actual = pruned.sample(context, length, raw.clone(), new SplittableRandom(seed));
            assertEquals(expected, actual, "step " + step);
        }
    }

    @Test
    void batchForms_equalRowByRowCalls() {
        WatermarkKey key = key(Schemes.KGW_V1, 3);
        Embedder e = Embedder.forKey(key, new SamplingConfig(1.0, 0, 1.0));
        SplittableRandom r = new SplittableRandom(5);
        int rows = 4;
        int[][] contexts = new int[rows][40];
        int[] lengths = new int[rows];
        float[][] batch = new float[rows][];
        float[][] single = new float[rows][];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < 40; j++) {
                contexts[i][j] = r.nextInt(V);
            }
            lengths[i] = 10 + i;
            batch[i] = logits(r);
            single[i] = batch[i].clone();
        }
        e.bias(contexts, lengths, batch);
        for (int i = 0; i < rows; i++) {
            e.bias(contexts[i], lengths[i], single[i]);
            assertArrayEquals(single[i], batch[i]);
        }
        int[] out = new int[rows];
        SplittableRandom[] rngs = new SplittableRandom[rows];
        for (int i = 0; i < rows; i++) {
            rngs[i] = new SplittableRandom(100 + i);
        }
        e.sample(contexts, lengths, batch, rngs, out);
        for (int i = 0; i < rows; i++) {
            assertEquals(e.sample(contexts[i], lengths[i], single[i], new SplittableRandom(100 + i)), out[i]);
        }
    }

    @Test
    void bias_isRefused_forSchemesThatPickTheTokenThemselves() {
        Embedder e = Embedder.forKey(key(Schemes.GUMBEL_V1, 1), SamplingConfig.DEFAULT);
        assertThrows(UnsupportedOperationException.class, () -> e.bias(new int[8], 8, new float[V]));
    }
}
