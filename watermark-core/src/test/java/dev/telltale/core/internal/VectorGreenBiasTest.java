package dev.telltale.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.telltale.core.Tt1Prf;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SIMD KGW bias against the scalar reference, bit for bit, including the tail ids. */
class VectorGreenBiasTest {

    @ParameterizedTest(name = "V={0}")
    @ValueSource(ints = {1, 7, 8, 9, 31, 1000, 32000, 151669})
    void addGreenBias_equalsScalarReference(int vocab) {
        SplittableRandom r = new SplittableRandom(vocab);
        for (int trial = 0; trial < 5; trial++) {
            long seed = r.nextLong();
            double gamma = new double[] {0.25, 0.5, 0.1, 0.9, 1e-9}[trial];
            long threshold = Tt1Prf.greenThreshold(gamma);
            float[] logits = new float[vocab];
            for (int v = 0; v < vocab; v++) {
                logits[v] = (float) (r.nextGaussian() * 5);
            }
            float[] expected = logits.clone();
            Tt1Prf.addGreenBiasScalar(seed, threshold, 2.0f, expected, 0, vocab);
            float[] actual = logits.clone();
            int done = VectorGreenBias.addGreenBias(seed, threshold, 2.0f, actual, vocab);
            Tt1Prf.addGreenBiasScalar(seed, threshold, 2.0f, actual, done, vocab);
            assertArrayEquals(expected, actual);
            float[] dispatched = logits.clone();
            Tt1Prf.addGreenBias(seed, threshold, 2.0f, dispatched);
            assertArrayEquals(expected, dispatched);
            for (int v = 0; v < vocab; v++) {
                assertEquals(Tt1Prf.isGreen(Tt1Prf.value(seed, v), threshold) ? logits[v] + 2.0f : logits[v],
                        expected[v]);
            }
        }
    }
}
