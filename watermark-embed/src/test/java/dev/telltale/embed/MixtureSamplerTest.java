package dev.telltale.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.core.KgwParameters;
import dev.telltale.core.Schemes;
import dev.telltale.core.TokenizerRef;
import dev.telltale.core.UnigramParameters;
import dev.telltale.core.WatermarkKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The mixture path is tested against the logits path it replaces: the same probabilities on every kind of
 * context, and samples that follow the exact softmax of the (watermarked) logits by a chi-square test.
 */
class MixtureSamplerTest {
    private static final int V = 60;
    private static final TokenizerRef TOK = new TokenizerRef("toy", "0".repeat(64), V);

    /** Zipf-like documents over ids [0, V − 5) so contexts repeat and a few ids stay unseen. */
    private static KneserNeyModel model(int order) {
        Random r = new Random(4);
        List<int[]> docs = new ArrayList<>();
        for (int d = 0; d < 40; d++) {
            int[] doc = new int[20 + r.nextInt(200)];
            for (int i = 0; i < doc.length; i++) {
                double u = r.nextDouble();
                doc[i] = (int) ((V - 5) * u * u);
            }
            docs.add(doc);
        }
        return KneserNeyModel.train(docs, V, order);
    }

    private static WatermarkKey key(dev.telltale.core.SchemeParameters p) {
        byte[] s = new byte[32];
        new SplittableRandom(8).nextBytes(s);
        return WatermarkKey.fromSecret(s, p, TOK, Instant.EPOCH);
    }

    @Test
    void mixture_equalsLogits_onSeenUnseenAndShortContexts() {
        for (int order = 2; order <= 4; order++) {
            KneserNeyModel m = model(order);
            float[] base = new float[V];
            m.logits(new int[] {V - 1, V - 1, V - 1}, 3, base); // never seen at any order: Λ_1 = 1, p = p_1
            MixtureStep step = new MixtureStep();
            int[][] contexts = {{}, {0}, {0, 1}, {3, 0, 1, 2}, {V - 2, 0}, {1, V - 1}};
            for (int[] ctx : contexts) {
                float[] logits = new float[V];
                m.logits(ctx, ctx.length, logits);
                m.mixture(ctx, ctx.length, step);
                double[] p = new double[V];
                for (int w = 0; w < V; w++) {
                    p[w] = step.denseWeight() * Math.exp(base[w]);
                }
                for (int i = 0; i < step.size(); i++) {
                    p[step.id(i)] += step.extra(i);
                }
                double total = 0;
                for (int w = 0; w < V; w++) {
                    assertEquals(Math.exp(logits[w]), p[w], 1e-6 * Math.exp(logits[w]) + 1e-12,
                            "order " + order + " context " + java.util.Arrays.toString(ctx) + " token " + w);
                    total += p[w];
                }
                assertEquals(1.0, total, 1e-6); // base from float logits
                assertEquals(1.0, step.denseWeight() + step.extraTotal(), 1e-9);
            }
        }
    }

    @Test
    void sampleBase_invertsTheUnigramCdf() {
        KneserNeyModel m = model(3);
        float[] base = new float[V];
        m.logits(new int[] {V - 1, V - 1}, 2, base);
        double cum = 0;
        for (int w = 0; w < V; w++) {
            double next = cum + Math.exp(base[w]);
            assertEquals(w, m.sampleBase((cum + next) / 2), "midpoint of token " + w);
            cum = next;
        }
        assertEquals(V - 1, m.sampleBase(Math.nextDown(1.0)));
    }

    @Test
    void unwatermarked_followsTheModel() {
        assertFollowsLogitsPath(model(3), null, new int[] {0, 1});
        assertFollowsLogitsPath(model(3), null, new int[] {V - 1, V - 2}); // unseen: the base alone
    }

    @Test
    void kgw_followsTheBiasedSoftmax() {
        KneserNeyModel m = model(3);
        LogitsProcessor kgw = Embedders.forKey(key(Schemes.KGW_V1));
        assertFollowsLogitsPath(m, kgw, new int[] {0, 1});
        assertFollowsLogitsPath(m, kgw, new int[] {2, 0});
        assertFollowsLogitsPath(m, kgw, new int[] {3}); // shorter than h: unbiased
        // a huge δ forces the fallback to the logits path after MAX_PROPOSALS rejections: still exact
        assertFollowsLogitsPath(m, Embedders.forKey(key(new KgwParameters(0.05, 12.0, 2))), new int[] {0, 1});
    }

    @Test
    void unigram_followsTheBiasedSoftmax() {
        assertFollowsLogitsPath(model(2), Embedders.forKey(key(new UnigramParameters(0.25, 2.0))), new int[] {4});
    }

    @Test
    void forSetup_appliesOnlyToPlainSamplingWithBiasOrSelectorSchemes() {
        KneserNeyModel m = model(3);
        assertNotNull(MixtureSampler.forSetup(m, null, SamplingConfig.DEFAULT));
        assertNull(MixtureSampler.forSetup(m, null, new SamplingConfig(0.7, 0, 1.0)));
        assertNull(MixtureSampler.forSetup(m, null, new SamplingConfig(1.0, 5, 1.0)));
        assertNull(MixtureSampler.forSetup(m, null, new SamplingConfig(1.0, 0, 0.9)));
        assertNotNull(MixtureSampler.forSetup(m, Embedders.forKey(key(Schemes.GUMBEL_V1)), SamplingConfig.DEFAULT));
        LogitsProcessor opaque = (ctx, len, logits) -> logits[0] += 1f; // neither a TokenBias nor a TokenSelector
        assertNull(MixtureSampler.forSetup(m, opaque, SamplingConfig.DEFAULT));
        assertTrue(Generator.withMixturePath(m, Embedders.forKey(key(Schemes.KGW_V1)), SamplingConfig.DEFAULT).usesMixturePath());
        assertTrue(!new Generator(m, null, SamplingConfig.DEFAULT).usesMixturePath());
    }

    @Test
    void gumbel_picksTheSameTokenAsTheLogitsPath() {
        KneserNeyModel m = model(3);
        LogitsProcessor gumbel = Embedders.forKey(key(Schemes.GUMBEL_V1));
        Generator fast = Generator.withMixturePath(m.copy(), gumbel, SamplingConfig.DEFAULT);
        Generator slow = new Generator(m.copy(), gumbel, SamplingConfig.DEFAULT);
        assertTrue(fast.usesMixturePath());
        Random r = new Random(12);
        for (int i = 0; i < 500; i++) {
            int[] ctx = new int[6]; // distinct windows: the keyed argmax decides (no repeated-context draw)
            for (int j = 0; j < ctx.length; j++) {
                ctx[j] = j * 9 + r.nextInt(9);
            }
            // a deterministic argmax given the window and the distribution: any random stream gives the same token
            assertEquals(slow.next(ctx, ctx.length, new SplittableRandom(1)), fast.next(ctx, ctx.length, new SplittableRandom(2)),
                    "context " + java.util.Arrays.toString(ctx));
        }
    }

    @Test
    void topToken_sparsePath_equalsTheArgmaxOfTheLogits() {
        for (int order = 2; order <= 4; order++) {
            KneserNeyModel m = model(order);
            TopToken sparse = new TopToken(m.copy(), null);
            float[] logits = new float[V];
            Random r = new Random(order);
            for (int i = 0; i < 300; i++) {
                int[] ctx = {r.nextInt(V), r.nextInt(V / 3), r.nextInt(V / 3)};
                m.logits(ctx, ctx.length, logits);
                int best = 0;
                for (int v = 1; v < V; v++) {
                    best = logits[v] > logits[best] ? v : best;
                }
                assertEquals(best, sparse.next(ctx, ctx.length), "order " + order + " context " + java.util.Arrays.toString(ctx));
            }
        }
    }

    /** 200,000 mixture-path draws after {@code ctx} against the softmax of the processed logits (chi-square, p = 1e-4). */
    private static void assertFollowsLogitsPath(KneserNeyModel m, LogitsProcessor wm, int[] ctx) {
        float[] logits = new float[V];
        m.logits(ctx, ctx.length, logits);
        if (wm != null) {
            wm.process(ctx, ctx.length, logits);
        }
        double[] q = new double[V];
        double z = 0;
        for (int w = 0; w < V; w++) {
            q[w] = Math.exp(logits[w]);
            z += q[w];
        }
        Generator g = Generator.withMixturePath(m.copy(), wm, SamplingConfig.DEFAULT);
        assertTrue(g.usesMixturePath());
        SplittableRandom rng = new SplittableRandom(31);
        int draws = 200_000;
        long[] counts = new long[V];
        for (int i = 0; i < draws; i++) {
            counts[g.next(ctx, ctx.length, rng)]++;
        }
        // Pool cells with expected count < 5 into one so the chi-square approximation holds.
        double chi2 = 0;
        double pooledE = 0;
        long pooledO = 0;
        int cells = 0;
        for (int w = 0; w < V; w++) {
            double e = q[w] / z * draws;
            if (e < 5) {
                pooledE += e;
                pooledO += counts[w];
            } else {
                chi2 += (counts[w] - e) * (counts[w] - e) / e;
                cells++;
            }
        }
        if (pooledE > 0) {
            chi2 += (pooledO - pooledE) * (pooledO - pooledE) / Math.max(pooledE, 1e-9);
            cells++;
        }
        int df = cells - 1;
        // Wilson–Hilferty upper quantile of chi-square(df) at p = 1e-4 (z = 3.719).
        double crit = df * Math.pow(1 - 2.0 / (9 * df) + 3.719 * Math.sqrt(2.0 / (9 * df)), 3);
        assertTrue(chi2 < crit, "chi2 = " + chi2 + " >= " + crit + " (df " + df + ") after " + java.util.Arrays.toString(ctx));
    }
}
