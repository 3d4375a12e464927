package dev.telltale.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.core.KgwParameters;
import dev.telltale.core.Schemes;
import dev.telltale.core.TokenizerRef;
import dev.telltale.core.Tt1Prf;
import dev.telltale.core.WatermarkKey;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KgwEmbedderTest {
    private static final TokenizerRef TOK = new TokenizerRef("toy", "0".repeat(64), 5000);

    private static WatermarkKey key(KgwParameters p) {
        byte[] s = new byte[32];
        new SplittableRandom(3).nextBytes(s);
        return WatermarkKey.fromSecret(s, p, TOK, Instant.EPOCH);
    }

    @Test
    void addsDeltaToExactlyTheGreenTokens_seededByTheLastHTokens() {
        WatermarkKey k = key(Schemes.KGW_V1);
        LogitsProcessor p = Embedders.forKey(k);
        float[] logits = new float[5000];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) r.nextGaussian();
        }
        float[] before = logits.clone();
        int[] ctx = {7, 11, 42, 99};
        p.process(ctx, 4, logits);
        long seed = k.prf().seed(new int[] {42, 99}, 0, 2);
        long thr = Tt1Prf.greenThreshold(0.25);
        int green = 0;
        for (int v = 0; v < logits.length; v++) {
            boolean g = Tt1Prf.isGreen(Tt1Prf.value(seed, v), thr);
            assertEquals(before[v] + (g ? 2.0f : 0f), logits[v], 0f, "token " + v);
            green += g ? 1 : 0;
        }
        assertEquals(0.25, green / 5000.0, 0.03);
        // only the last h tokens matter
        float[] again = before.clone();
        p.process(new int[] {1, 2, 3, 42, 99}, 5, again);
        assertArrayEquals(logits, again);
    }

    @Test
    void shortContext_isLeftUnbiased() {
        LogitsProcessor p = Embedders.forKey(key(Schemes.KGW_V1));
        float[] logits = new float[5000];
        p.process(new int[] {5}, 1, logits);
        assertArrayEquals(new float[5000], logits);
    }

    @Test
    void generation_underTheWatermark_favoursGreenTokens() {
        // A uniform "model": every token equally likely, so the lift comes from the watermark alone.
        LanguageModel uniform = new LanguageModel() {
            @Override
            public int vocabSize() {
                return 5000;
            }

            @Override
            public void logits(int[] context, int length, float[] out) {
                java.util.Arrays.fill(out, 0f);
            }

            @Override
            public String describe() {
                return "uniform";
            }
        };
        WatermarkKey k = key(new KgwParameters(0.25, 2.0, 1));
        int[] ids = new Generator(uniform, Embedders.forKey(k), SamplingConfig.DEFAULT)
                .generate(new int[] {1}, 4000, -1, new SplittableRandom(2));
        long thr = Tt1Prf.greenThreshold(0.25);
        int green = 0;
        int prev = 1;
        for (int id : ids) {
            green += Tt1Prf.isGreen(Tt1Prf.value(k.prf().seed(new int[] {prev}, 0, 1), id), thr) ? 1 : 0;
            prev = id;
        }
        // With δ = 2 over a uniform model: P(green) = γe^δ / (γe^δ + 1 − γ) = 0.7112
        double expected = 0.25 * Math.exp(2) / (0.25 * Math.exp(2) + 0.75);
        assertEquals(expected, green / 4000.0, 0.03);
        assertTrue(ids.length == 4000);
    }
}
