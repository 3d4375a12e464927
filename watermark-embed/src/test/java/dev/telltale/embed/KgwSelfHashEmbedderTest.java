package dev.telltale.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.core.KgwSelfHash;
import dev.telltale.core.KgwSelfHashParameters;
import dev.telltale.core.Schemes;
import dev.telltale.core.TokenizerRef;
import dev.telltale.core.Tt1Prf;
import dev.telltale.core.WatermarkKey;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KgwSelfHashEmbedderTest {
    private static final TokenizerRef TOK = new TokenizerRef("toy", "0".repeat(64), 5000);

    private static WatermarkKey key(KgwSelfHashParameters p) {
        byte[] s = new byte[32];
        new SplittableRandom(3).nextBytes(s);
        return WatermarkKey.fromSecret(s, p, TOK, Instant.EPOCH);
    }

    private static float[] gaussianLogits(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] l = new float[n];
        for (int i = 0; i < n; i++) {
            l[i] = (float) (2 * r.nextGaussian());
        }
        return l;
    }

    @Test
    void biasesExactlyTheCandidatesGreenUnderTheirOwnMinHashSeed() {
        WatermarkKey k = key(Schemes.KGW_SELFHASH_V1);
        LogitsProcessor p = Embedders.forKey(k);
        float[] before = gaussianLogits(5200, 1); // more logits than the key's vocabulary: ids ≥ 5000 on the fly
        float[] logits = before.clone();
        int[] ctx = {7, 11, 42, 99, 5};
        p.process(ctx, ctx.length, logits, SamplingConfig.DEFAULT);
        KgwSelfHash hash = new KgwSelfHash(k.prf());
        long m = hash.windowMin(ctx, 2, 5);
        long thr = Tt1Prf.greenThreshold(0.25);
        int green = 0;
        int selfAnchored = 0;
        for (int v = 0; v < logits.length; v++) {
            long seed = KgwSelfHash.seed(m, hash.anchor(v));
            boolean g = Tt1Prf.isGreen(Tt1Prf.value(seed, v), thr);
            assertEquals(before[v] + (g ? 2.0f : 0f), logits[v], 0f, "token " + v);
            green += g ? 1 : 0;
            selfAnchored += seed != m ? 1 : 0;
        }
        assertEquals(0.25, green / 5200.0, 0.03);
        // the candidate is the minimum of a 4-token window about a quarter of the time
        assertTrue(selfAnchored > 0 && selfAnchored < 5200, "self-anchored candidates: " + selfAnchored);
        float[] again = before.clone();
        p.process(new int[] {1, 2, 3, 42, 99, 5}, 6, again);
        assertArrayEquals(logits, again, "only the last h tokens matter");
    }

    @Test
    void shortContext_isLeftUnbiased() {
        LogitsProcessor p = Embedders.forKey(key(Schemes.KGW_SELFHASH_V1));
        float[] logits = new float[5000];
        p.process(new int[] {5, 6}, 2, logits, SamplingConfig.DEFAULT);
        assertArrayEquals(new float[5000], logits);
    }

    @Test
    void withTopK_onlyCandidatesThatCanEnterAreProcessed_andTheSampledSetIsUnchanged() {
        WatermarkKey k = key(new KgwSelfHashParameters(0.25, 2.0, 3));
        LogitsProcessor p = Embedders.forKey(k);
        for (int topK : new int[] {1, 10, 40, 400}) {
            float[] raw = gaussianLogits(5000, topK);
            float[] full = raw.clone();
            p.process(new int[] {8, 9, 10}, 3, full); // every candidate
            float[] pruned = raw.clone();
            p.process(new int[] {8, 9, 10}, 3, pruned, new SamplingConfig(1.0, topK, 1.0));
            float kthFull = Sampler.kthLargest(full.clone(), full.length, topK);
            float kthPruned = Sampler.kthLargest(pruned.clone(), pruned.length, topK);
            assertEquals(kthFull, kthPruned, 0f, "k-th largest biased logit, k = " + topK);
            int skipped = 0;
            for (int v = 0; v < raw.length; v++) {
                boolean inFull = full[v] >= kthFull;
                assertEquals(inFull, pruned[v] >= kthPruned, "membership of token " + v + ", k = " + topK);
                if (inFull) {
                    assertEquals(full[v], pruned[v], 0f, "logit of kept token " + v);
                }
                skipped += full[v] != pruned[v] ? 1 : 0;
            }
            assertTrue(skipped > 0, "pruning skipped some green tokens, k = " + topK);
            // same final distribution: sampling from either gives the same token for the same randomness
            Sampler s = new Sampler(new SamplingConfig(1.0, topK, 1.0));
            for (long seed = 0; seed < 50; seed++) {
                assertEquals(s.sample(full, new SplittableRandom(seed)), s.sample(pruned, new SplittableRandom(seed)));
            }
        }
    }
}
