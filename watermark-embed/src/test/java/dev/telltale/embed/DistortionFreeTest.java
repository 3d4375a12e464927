package dev.telltale.embed;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.core.GumbelParameters;
import dev.telltale.core.SchemeParameters;
import dev.telltale.core.SynthIdParameters;
import dev.telltale.core.TokenizerRef;
import dev.telltale.core.WatermarkKey;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Distortion-free schemes tested as such (STYLE.md): over 20,000 random keys, the token Gumbel-max or the
 * SynthID tournament emits on a fixed small distribution follows that distribution (chi-square at p = 1e-4),
 * both on the raw softmax and after temperature / top-k / top-p, through the sampler's selector hook.
 */
class DistortionFreeTest {
    private static final TokenizerRef TOK = new TokenizerRef("toy", "0".repeat(64), 10);
    private static final float[] LOGITS = {2.0f, 1.5f, 1.0f, 0.5f, 0.0f, -0.5f, -1.0f, -3.0f, Float.NEGATIVE_INFINITY, 0.25f};
    private static final int KEYS = 20_000;
    /** Chi-square critical values at p = 1e-4 for df = 0..9. */
    private static final double[] CRIT = {0, 15.14, 18.42, 21.11, 23.51, 25.74, 27.86, 29.88, 31.83, 33.72};

    private static void assertFollowsModel(SchemeParameters scheme, SamplingConfig config, long seed) {
        double[] q = SamplerTest.reference(LOGITS, config);
        SplittableRandom r = new SplittableRandom(seed);
        long[] counts = new long[LOGITS.length];
        int[] context = {3, 1, 4, 1, 5, 9}; // a fresh window of width ≤ 6: watermarked at every key
        Sampler sampler = new Sampler(config);
        for (int i = 0; i < KEYS; i++) {
            byte[] s = new byte[32];
            r.nextBytes(s);
            WatermarkKey key = WatermarkKey.fromSecret(s, scheme, TOK, Instant.EPOCH);
            TokenSelector selector = (TokenSelector) Embedders.forKey(key);
            counts[sampler.sample(LOGITS.clone(), context, context.length, selector, r)]++;
        }
        double chi2 = 0;
        int df = -1;
        for (int v = 0; v < q.length; v++) {
            if (q[v] == 0) {
                assertTrue(counts[v] == 0, "token " + v + " is outside the support under " + config);
            } else {
                double e = q[v] * KEYS;
                chi2 += (counts[v] - e) * (counts[v] - e) / e;
                df++;
            }
        }
        System.out.printf("%s %s: chi2 %.2f with %d df over %d keys%n", scheme.schemeId(), config, chi2, df, KEYS);
        assertTrue(chi2 < CRIT[Math.max(df, 1)], scheme.schemeId() + ": chi2 = " + chi2 + " with df " + df + " under " + config);
    }

    @Test
    void gumbel_overManyKeys_samplesTheModelDistribution() {
        assertFollowsModel(new GumbelParameters(4), SamplingConfig.DEFAULT, 1);
        assertFollowsModel(new GumbelParameters(4), new SamplingConfig(0.7, 5, 0.95), 2);
    }

    @Test
    void synthId_overManyKeys_samplesTheModelDistribution() {
        assertFollowsModel(new SynthIdParameters(30, 4), SamplingConfig.DEFAULT, 3);
        assertFollowsModel(new SynthIdParameters(30, 4), new SamplingConfig(1.3, 6, 0.9), 4);
    }
}
