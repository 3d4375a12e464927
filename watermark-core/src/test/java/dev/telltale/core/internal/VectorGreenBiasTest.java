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

    @ParameterizedTest(name = "V={0}")
    @ValueSource(ints = {1, 7, 8, 9, 1000, 151669})
    void values_equalScalarValues(int vocab) {
        long seed = new SplittableRandom(vocab).nextLong();
        long[] out = new long[vocab];
        Tt1Prf.values(seed, out, vocab);
        long[] lanes = new long[vocab];
        int done = VectorGreenBias.values(seed, lanes, vocab);
        for (int v = 0; v < vocab; v++) {
            assertEquals(Tt1Prf.value(seed, v), out[v], "id " + v);
            if (v < done) {
                assertEquals(out[v], lanes[v], "lane id " + v);
            }
        }
    }

    @ParameterizedTest(name = "V={0}")
    @ValueSource(ints = {1, 7, 8, 9, 1000, 151669})
    void patterns_equalTheBitFieldsOfScalarValues(int vocab) {
        long seed = new SplittableRandom(vocab + 1).nextLong();
        int[] shifts = {0, 12, 24, 52, 60};
        int[] masks = {0xFFF, 0xFFF, 0x3F, 0xFFF, 0xF};
        for (int count : new int[] {1, 2, 5}) { // 2 has its own loop
            assertPatterns(seed, vocab, shifts, masks, count);
        }
    }

    private static void assertPatterns(long seed, int vocab, int[] shifts, int[] masks, int count) {
        short[][] out = new short[count][vocab];
        Tt1Prf.patterns(seed, 0, vocab, shifts, masks, out, count);
        short[][] lanes = new short[count][vocab];
        int done = VectorGreenBias.patterns(seed, 0, vocab, shifts, masks, lanes, count);
        for (int v = 0; v < vocab; v++) {
            long u = Tt1Prf.value(seed, v);
            for (int k = 0; k < count; k++) {
                assertEquals((u >>> shifts[k]) & masks[k], out[k][v], "id " + v + ", field " + k);
                if (v < done) {
                    assertEquals(out[k][v], lanes[k][v], "lane id " + v + ", field " + k);
                }
            }
        }
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {0, 1, 7, 8, 9, 1000, 4099})
    void countGreen_equalsScalarCount(int n) {
        SplittableRandom r = new SplittableRandom(n + 5);
        int[] ids = new int[n + 10];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = r.nextInt(151_669);
        }
        int[] ends = new int[n];
        long[] seeds = new long[n];
        for (int i = 0; i < n; i++) {
            ends[i] = r.nextInt(ids.length);
            seeds[i] = r.nextLong();
        }
        for (double gamma : new double[] {0.25, 0.5, 1e-9}) {
            long threshold = Tt1Prf.greenThreshold(gamma);
            long expected = 0;
            for (int i = 0; i < n; i++) {
                expected += Tt1Prf.isGreen(Tt1Prf.value(seeds[i], ids[ends[i]]), threshold) ? 1 : 0;
            }
            assertEquals(expected, Tt1Prf.countGreen(seeds, ids, ends, n, threshold), "gamma " + gamma);
            int whole = n - n % VectorGreenBias.lanes();
            long lanes = VectorGreenBias.countGreen(seeds, ids, ends, n, threshold);
            long tail = 0;
            for (int i = whole; i < n; i++) {
                tail += Tt1Prf.isGreen(Tt1Prf.value(seeds[i], ids[ends[i]]), threshold) ? 1 : 0;
            }
            assertEquals(expected, lanes + tail, "lanes, gamma " + gamma);
        }
    }

    @ParameterizedTest(name = "V={0}")
    @ValueSource(ints = {1, 9, 1000, 151669})
    void addSelfHashBias_equalsScalarReference(int vocab) {
        SplittableRandom r = new SplittableRandom(vocab + 1);
        long[] anchors = new long[vocab];
        for (int v = 0; v < vocab; v++) {
            anchors[v] = r.nextLong(); // both signs: the unsigned minimum must not be a signed one
        }
        for (long windowMin : new long[] {r.nextLong(), -1L, 0L, Long.MIN_VALUE, Long.MAX_VALUE}) {
            long threshold = Tt1Prf.greenThreshold(0.25);
            float[] logits = new float[vocab];
            float[] expected = logits.clone();
            for (int v = 0; v < vocab; v++) {
                long seed = dev.telltale.core.KgwSelfHash.seed(windowMin, anchors[v]);
                expected[v] += Tt1Prf.isGreen(Tt1Prf.value(seed, v), threshold) ? 1.5f : 0f;
            }
            int done = VectorGreenBias.addSelfHashBias(windowMin, anchors, threshold, 1.5f, logits, vocab);
            for (int v = done; v < vocab; v++) {
                long seed = dev.telltale.core.KgwSelfHash.seed(windowMin, anchors[v]);
                logits[v] += Tt1Prf.isGreen(Tt1Prf.value(seed, v), threshold) ? 1.5f : 0f;
            }
            assertArrayEquals(expected, logits);
            float[] dispatched = new float[vocab];
            dev.telltale.core.KgwSelfHash.addGreenBias(windowMin, anchors, threshold, 1.5f, dispatched, vocab);
            assertArrayEquals(expected, dispatched);
        }
    }
}
