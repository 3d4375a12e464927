package dev.telltale.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.telltale.core.GumbelParameters;
import dev.telltale.core.SchemeParameters;
import dev.telltale.core.SynthIdParameters;
import dev.telltale.core.TokenizerRef;
import dev.telltale.core.WatermarkKey;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With top-k or top-p the sampler lists the support and the selectors visit only it; the token must be the
 * one the whole-vocabulary scan picks for the same rng state, at every step, watermarked or not (short
 * and repeated contexts take the plain draw).
 */
class SelectorSupportTest {
    private static final int VOCAB = 5000;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gumbel", "synthid"})
    void supportPath_picksTheSameTokenAsTheFullScan(String scheme) {
        SchemeParameters p = scheme.equals("gumbel") ? new GumbelParameters(2) : new SynthIdParameters(30, 2);
        SplittableRandom r = new SplittableRandom(scheme.hashCode());
        byte[] secret = new byte[32];
        r.nextBytes(secret);
        WatermarkKey key = WatermarkKey.fromSecret(secret, p, new TokenizerRef("toy", "0".repeat(64), VOCAB),
                Instant.EPOCH);
        TokenSelector selector = (TokenSelector) Embedders.forKey(key);
        TokenSelector fullScanOnly = selector::select; // the 5-argument draw; the support form falls back to it
        List<SamplingConfig> configs = List.of(new SamplingConfig(1.0, 50, 1.0), new SamplingConfig(0.7, 1, 1.0),
                new SamplingConfig(1.0, 0, 0.9), new SamplingConfig(1.3, 700, 0.95), new SamplingConfig(1.0, 600, 1.0));
        for (SamplingConfig config : configs) {
            Sampler a = new Sampler(config);
            Sampler b = new Sampler(config);
            int[] context = new int[400];
            for (int step = 0; step < context.length; step++) {
                float[] logits = new float[VOCAB];
                for (int v = 0; v < VOCAB; v++) {
                    logits[v] = (float) (r.nextGaussian() * 3);
                }
                long seed = r.nextLong();
                int expected = b.sample(logits.clone(), context, step, fullScanOnly, new SplittableRandom(seed));
                int actual = a.sample(logits.clone(), context, step, selector, new SplittableRandom(seed));
                assertEquals(expected, actual, config + ", step " + step);
                context[step] = step % 7 == 0 && step > 0 ? context[step - 1] : actual; // some repeated windows
            }
        }
    }

    /** Sampler.draw over a listed support equals the full draw for the same rng state. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void drawOverSupport_equalsFullDraw(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] w = new double[1000];
        int[] support = new int[w.length];
        int size = 0;
        double total = 0;
        for (int v = 0; v < w.length; v++) {
            if (r.nextInt(10) == 0) {
                w[v] = r.nextDouble();
                total += w[v];
                support[size++] = v;
            }
        }
        for (int i = 0; i < 1000; i++) {
            long s = r.nextLong();
            RandomGenerator x = new SplittableRandom(s);
            RandomGenerator y = new SplittableRandom(s);
            assertEquals(Sampler.draw(w, total, x), Sampler.draw(w, support, size, total, y));
        }
    }
}
