package dev.telltale.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.core.Tt1Prf;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SIMD Gumbel-max draw against the scalar reference and against the definition, including tail ids. */
class VectorGumbelTest {

    @ParameterizedTest(name = "V={0}")
    @ValueSource(ints = {1, 7, 8, 9, 31, 1000, 32000, 151669})
    void argmax_equalsScalarReference(int vocab) {
        SplittableRandom r = new SplittableRandom(vocab);
        for (int trial = 0; trial < 40; trial++) {
            double[] weights = weights(vocab, trial % 4, r);
            long seed = r.nextLong();
            int expected = GumbelArgmax.scan(seed, weights, 0, vocab, -1, Double.POSITIVE_INFINITY);
            assertEquals(expected, VectorGumbel.argmax(seed, weights, vocab), "trial " + trial);
            assertEquals(expected, GumbelArgmax.argmax(seed, weights), "dispatch, trial " + trial);
            assertEquals(expected, definition(seed, weights), "definition, trial " + trial);
            int[] support = new int[vocab];
            int size = 0;
            for (int v = 0; v < vocab; v++) {
                if (weights[v] > 0) {
                    support[size++] = v;
                }
            }
            assertEquals(expected, GumbelArgmax.argmax(seed, weights, support, size), "support, trial " + trial);
        }
    }

    @Test
    void argmax_noPositiveWeight_isMinusOne() {
        assertEquals(-1, VectorGumbel.argmax(1L, new double[100], 100));
        assertEquals(-1, GumbelArgmax.argmax(1L, new double[] {0.0, -1.0, Double.NaN}));
    }

    @Test
    void vectorPathRunsInTests() {
        assertTrue(Simd.AVAILABLE, "surefire's argLine adds jdk.incubator.vector");
    }

    /** 0: softmax of Gaussian logits; 1: Zipf-like; 2: mostly excluded (top-k like); 3: near-ties and tiny. */
    private static double[] weights(int vocab, int kind, SplittableRandom r) {
        double[] w = new double[vocab];
        for (int v = 0; v < vocab; v++) {
            w[v] = switch (kind) {
                case 0 -> Math.exp(r.nextGaussian() * 3);
                case 1 -> Math.pow(1 + r.nextInt(vocab), -1.5);
                case 2 -> r.nextInt(100) < 3 ? r.nextDouble() : 0.0;
                default -> r.nextBoolean() ? 1.0 : (r.nextBoolean() ? 1e-300 : 1.0 + 1e-15);
            };
        }
        return w;
    }

    /** argmin_v −ln(r_v) / w_v, literally, first index on ties. */
    private static int definition(long seed, double[] weights) {
        int best = -1;
        double bestValue = Double.POSITIVE_INFINITY;
        for (int v = 0; v < weights.length; v++) {
            if (weights[v] > 0) {
                double value = -Math.log(Tt1Prf.uniform(Tt1Prf.value(seed, v))) / weights[v];
                if (value < bestValue) {
                    bestValue = value;
                    best = v;
                }
            }
        }
        return best;
    }
}
