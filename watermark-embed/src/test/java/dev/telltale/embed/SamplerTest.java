package dev.telltale.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The shared sampler is tested as a sampler: empirical frequencies against the exact target distribution
 * (a naive sort-everything reference) with a chi-square test at a fixed seed.
 */
class SamplerTest {
    private static final float[] LOGITS = {2.0f, 1.5f, 1.0f, 0.5f, 0.0f, -0.5f, -1.0f, -3.0f, Float.NEGATIVE_INFINITY, 0.25f};

    /** Target distribution by the textbook recipe: temperature, sort, top-k, top-p, renormalise. */
    static double[] reference(float[] logits, SamplingConfig c) {
        int n = logits.length;
        double[] p = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double z = 0;
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp((logits[i] - max) / c.temperature());
            z += p[i];
        }
        for (int i = 0; i < n; i++) {
            p[i] /= z;
        }
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -p[i]));
        boolean[] keep = new boolean[n];
        // top-p mass is measured on the top-k renormalised distribution
        double topKMass = 0;
        for (int r2 = 0; r2 < (c.topK() > 0 ? Math.min(c.topK(), n) : n); r2++) {
            topKMass += p[order[r2]];
        }
        double cum = 0;
        for (int rank = 0; rank < n; rank++) {
            int i = order[rank];
            if (c.topK() > 0 && rank >= c.topK()) {
                break;
            }
            keep[i] = true;
            cum += p[i];
            if (cum >= c.topP() * topKMass) {
                break;
            }
        }
        double[] q = new double[n];
        double s = 0;
        for (int i = 0; i < n; i++) {
            q[i] = keep[i] ? p[i] : 0;
            s += q[i];
        }
        for (int i = 0; i < n; i++) {
            q[i] /= s;
        }
        return q;
    }

    static void assertSamplesFollow(SamplingConfig c) {
        double[] q = reference(LOGITS, c);
        Sampler sampler = new Sampler(c);
        SplittableRandom rng = new SplittableRandom(99);
        int draws = 200_000;
        long[] counts = new long[LOGITS.length];
        for (int i = 0; i < draws; i++) {
            counts[sampler.sample(LOGITS, rng)]++;
        }
        double chi2 = 0;
        int df = -1;
        for (int i = 0; i < q.length; i++) {
            if (q[i] == 0) {
                assertEquals(0, counts[i], "token " + i + " is outside the support under " + c);
            } else {
                double e = q[i] * draws;
                chi2 += (counts[i] - e) * (counts[i] - e) / e;
                df++;
            }
        }
        // Critical values of chi-square at p = 1e-4 for df = 0..9.
        double[] crit = {0, 15.14, 18.42, 21.11, 23.51, 25.74, 27.86, 29.88, 31.83, 33.72};
        assertTrue(chi2 < crit[Math.max(df, 1)], "chi2 = " + chi2 + " with df " + df + " under " + c);
    }

    @Test
    void plainSampling_followsSoftmax() {
        assertSamplesFollow(new SamplingConfig(1.0, 0, 1.0));
    }

    @Test
    void temperature_sharpensAndFlattens() {
        assertSamplesFollow(new SamplingConfig(0.5, 0, 1.0));
        assertSamplesFollow(new SamplingConfig(2.0, 0, 1.0));
    }

    @Test
    void topK_keepsExactlyTheKMostLikely() {
        assertSamplesFollow(new SamplingConfig(1.0, 3, 1.0));
        assertSamplesFollow(new SamplingConfig(0.7, 1, 1.0));
    }

    @Test
    void topP_keepsTheSmallestNucleus() {
        assertSamplesFollow(new SamplingConfig(1.0, 0, 0.5));
        assertSamplesFollow(new SamplingConfig(1.0, 0, 0.9));
        assertSamplesFollow(new SamplingConfig(0.8, 5, 0.8));
    }

    @Test
    void topP_onFullQwenSizedVocabulary_matchesReferenceSupport() {
        SplittableRandom r = new SplittableRandom(5);
        float[] logits = new float[151669];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (r.nextGaussian() * 3);
        }
        SamplingConfig c = new SamplingConfig(1.0, 0, 0.9);
        double[] q = reference(logits, c);
        Sampler s = new Sampler(c);
        for (int i = 0; i < 300; i++) {
            int v = s.sample(logits, r);
            assertTrue(q[v] > 0, "token " + v + " is outside the nucleus");
        }
    }

    /**
     * The k-th largest by a heap (k ≤ HEAP_K) and by quickselect (above) against a full sort, on random logits,
     * on logits with many ties, in ascending order (every value enters the heap), and with NaN and −∞ (NaN
     * counts as −∞); the source array is left as it was unless it is its own scratch.
     */
    @Test
    void kthLargest_equalsTheSortedValue_onTiesOrdersAndNaN() {
        SplittableRandom r = new SplittableRandom(17);
        int n = 5000;
        for (int shape = 0; shape < 4; shape++) {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) {
                a[i] = switch (shape) {
                    case 0 -> (float) (r.nextGaussian() * 4);
                    case 1 -> r.nextInt(7); // many ties
                    case 2 -> i * 0.5f; // ascending: every value enters the heap
                    default -> i % 11 == 0 ? Float.NaN : i % 13 == 0 ? Float.NEGATIVE_INFINITY : (float) r.nextGaussian();
                };
            }
            float[] sorted = a.clone();
            for (int i = 0; i < n; i++) {
                sorted[i] = Float.isNaN(sorted[i]) ? Float.NEGATIVE_INFINITY : sorted[i];
            }
            Arrays.sort(sorted);
            for (int k : new int[] {1, 2, 50, Sampler.HEAP_K, Sampler.HEAP_K + 1, n - 1, n}) {
                float expected = sorted[n - k];
                float[] src = a.clone();
                float[] scratch = new float[n];
                assertEquals(expected, Sampler.kthLargest(src, n, k, scratch), "shape " + shape + ", k " + k);
                assertArrayEquals(a, src, "the source is unchanged");
                assertEquals(expected, Sampler.kthLargest(a.clone(), n, k), "in place, shape " + shape + ", k " + k);
            }
        }
    }

    @Test
    void invalidSettings_sayHowToFixThem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SamplingConfig(0, 0, 1)).getMessage().contains("temperature"));
        assertThrows(IllegalArgumentException.class, () -> new SamplingConfig(1, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new SamplingConfig(1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new SamplingConfig(1, 0, 1.1));
        float[] allMasked = {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY};
        assertThrows(IllegalArgumentException.class, () -> new Sampler(SamplingConfig.DEFAULT).sample(allMasked, new SplittableRandom(1)));
    }
}
