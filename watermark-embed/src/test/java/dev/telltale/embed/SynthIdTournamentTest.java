package dev.telltale.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.core.Tt1Prf;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The closed form of the two-way tournament, p_{l+1}(v) = p_l(v)(1 + g_l(v) − m_l), against a brute-force
 * enumeration of the tournament itself, and the blocked full-vocabulary evaluation against the plain
 * layer-by-layer recurrence.
 */
class SynthIdTournamentTest {

    /**
     * Exact winner distribution of a tournament over 2^layers leaves drawn i.i.d. from p, by enumerating every
     * leaf assignment: each match is won by the larger g-value of its layer, a tie by either with probability ½.
     */
    private static double[] bruteForce(double[] p, int[][] g, int layers) {
        int n = p.length;
        int leaves = 1 << layers;
        double[] out = new double[n];
        int[] leaf = new int[leaves];
        long combos = 1;
        for (int i = 0; i < leaves; i++) {
            combos *= n;
        }
        for (long code = 0; code < combos; code++) {
            long c = code;
            double prob = 1;
            for (int i = 0; i < leaves; i++) {
                leaf[i] = (int) (c % n);
                c /= n;
                prob *= p[leaf[i]];
            }
            accumulate(leaf, 0, leaves, g, prob, out, layers);
        }
        return out;
    }

    /** Adds prob × P(winner = v | leaves) to out[v], recursing over tie-break outcomes. */
    private static void accumulate(int[] leaf, int from, int count, int[][] g, double prob, double[] out, int layers) {
        if (count == 1) {
            out[leaf[from]] += prob;
            return;
        }
        // play layer 0 on adjacent pairs, then recurse on the winners with the next layers
        int pairs = count / 2;
        int layer = layers - Integer.numberOfTrailingZeros(count); // count = 2^(layers − layer)
        playPairs(leaf, from, pairs, 0, new int[pairs], g, layer, prob, out, layers);
    }

    private static void playPairs(int[] leaf, int from, int pairs, int i, int[] winners, int[][] g, int layer, double prob,
                                  double[] out, int layers) {
        if (i == pairs) {
            accumulate(winners.clone(), 0, pairs, g, prob, out, layers);
            return;
        }
        int a = leaf[from + 2 * i];
        int b = leaf[from + 2 * i + 1];
        if (g[layer][a] != g[layer][b]) {
            winners[i] = g[layer][a] > g[layer][b] ? a : b;
            playPairs(leaf, from, pairs, i + 1, winners, g, layer, prob, out, layers);
        } else {
            winners[i] = a;
            playPairs(leaf, from, pairs, i + 1, winners, g, layer, prob / 2, out, layers);
            winners[i] = b;
            playPairs(leaf, from, pairs, i + 1, winners, g, layer, prob / 2, out, layers);
        }
    }

    @Test
    void closedForm_equalsBruteForceTournament_threeLayers() {
        SplittableRandom r = new SplittableRandom(4);
        for (int trial = 0; trial < 5; trial++) {
            int n = 4;
            int layers = 3;
            double[] p = new double[n];
            double s = 0;
            for (int i = 0; i < n; i++) {
                p[i] = r.nextDouble() + 0.05;
                s += p[i];
            }
            long[] u = new long[n];
            int[][] g = new int[layers][n];
            for (int i = 0; i < n; i++) {
                p[i] /= s;
                u[i] = r.nextLong();
                for (int l = 0; l < layers; l++) {
                    g[l][i] = (int) ((u[i] >>> l) & 1);
                }
            }
            double[] brute = bruteForce(p, g, layers);
            double[] closed = p.clone();
            SynthIdTournament.layers(closed, u, n, layers);
            for (int i = 0; i < n; i++) {
                assertEquals(brute[i], closed[i], 1e-12, "token " + i + ", trial " + trial);
            }
        }
    }

    @Test
    void blockedEvaluation_equalsLayerByLayer_onAFullVocabulary() {
        SplittableRandom r = new SplittableRandom(9);
        for (int layers : new int[] {1, 10, 11, 30, 64}) {
            int n = 20_000;
            double[] w = new double[n];
            for (int v = 0; v < n; v++) {
                w[v] = v % 13 == 0 ? 0.0 : Math.exp(4 * r.nextGaussian());
            }
            long seed = r.nextLong();
            double[] blocked = w.clone();
            double total = new SynthIdTournament().apply(seed, blocked, layers);
            double[] p = w.clone();
            long[] u = new long[n];
            for (int v = 0; v < n; v++) {
                u[v] = Tt1Prf.value(seed, v);
            }
            SynthIdTournament.layers(p, u, n, layers);
            double s = 0;
            double s0 = 0;
            for (int v = 0; v < n; v++) {
                s += p[v];
                s0 += w[v];
            }
            assertEquals(s0, total, 1e-9 * s0, "the tournament keeps the total mass");
            for (int v = 0; v < n; v++) {
                // c0 = 1 − m_l cancels when one g-value class holds almost all the mass, so tiny probabilities
                // agree in absolute rather than relative terms
                assertEquals(p[v] / s, blocked[v] / total, 1e-9 * (p[v] / s) + 1e-15, "token " + v + ", m = " + layers);
                if (w[v] == 0) {
                    assertEquals(0.0, blocked[v], "support is kept");
                }
            }
        }
    }

    @Test
    void oneLayer_raisesTheMassOfTokensWithGOne() {
        double[] p = {0.5, 0.5};
        long[] u = {1L, 0L}; // g_0 = 1 for token 0, 0 for token 1
        SynthIdTournament.layers(p, u, 2, 1);
        assertEquals(0.75, p[0], 1e-15); // wins unless both leaves are token 1
        assertEquals(0.25, p[1], 1e-15);
        assertTrue(p[0] + p[1] == 1.0);
    }

    /**
     * The full-vocabulary draw (summed blocks, then lazy matches for the last layers: see
     * {@link SynthIdTournament#sample}) samples the output distribution {@link SynthIdTournament#apply} computes:
     * chi-square over 100,000 draws for fixed seeds, on a vocabulary large enough for the blocked path, with no
     * lazy layer (m = 12, 24), one (13), the most (18, 30) and more than two blocks (40, 64), on a flat tail
     * with a head and on a distribution with one token of most of the mass (the lazy matches' worst case).
     */
    @ParameterizedTest(name = "m = {0}")
    @ValueSource(ints = {1, 12, 13, 18, 24, 30, 40, 64})
    void fullVocabularyDraw_samplesTheTournamentDistribution(int layers) {
        SplittableRandom r = new SplittableRandom(11 + layers);
        int n = 1200; // > SMALL: the blocked path
        for (boolean peaked : new boolean[] {false, true}) {
            double[] w = new double[n];
            for (int v = 0; v < n; v++) {
                w[v] = v < 8 ? 1 + r.nextDouble() : v % 5 == 0 ? 0.0 : 1e-2 * r.nextDouble(); // a head and a tail
            }
            if (peaked) {
                w[3] = 40;
            }
            long seed = r.nextLong();
            SynthIdTournament t = new SynthIdTournament();
            double[] q = w.clone();
            double total = t.apply(seed, q, layers);
            int draws = 100_000;
            long[] counts = new long[n];
            SplittableRandom rng = new SplittableRandom(layers);
            double[] scratch = new double[n];
            for (int i = 0; i < draws; i++) {
                System.arraycopy(w, 0, scratch, 0, n);
                int token = t.sample(seed, scratch, layers, rng);
                assertTrue(token >= 0 && w[token] > 0, "drawn token " + token + " is in the support");
                counts[token]++;
            }
            double chi2 = 0;
            int df = -1;
            double restExpected = 0;
            long restCount = 0;
            for (int v = 0; v < n; v++) {
                double e = q[v] / total * draws;
                if (e >= 20) {
                    chi2 += (counts[v] - e) * (counts[v] - e) / e;
                    df++;
                } else {
                    restExpected += e;
                    restCount += counts[v];
                }
            }
            if (restExpected > 1e-3) {
                chi2 += (restCount - restExpected) * (restCount - restExpected) / restExpected;
                df++;
            } else {
                assertEquals(0, restCount, "draws outside the tokens that hold all the mass");
            }
            System.out.printf("synthid full-vocabulary draw, m = %d%s: chi2 %.2f with %d df%n", layers,
                    peaked ? " (peaked)" : "", chi2, df);
            // many layers leave almost all the mass on one or two tokens: then the test is that token against the rest
            assertTrue(df >= (peaked || layers >= 40 ? 0 : 5), "enough cells: " + df);
            // chi-square upper 1e-4 quantile, Wilson-Hilferty approximation (a test bound, not a p-value)
            double z = 3.719;
            double crit = df == 0 ? 0 : df * Math.pow(1 - 2.0 / (9 * df) + z * Math.sqrt(2.0 / (9 * df)), 3);
            assertTrue(df == 0 || chi2 < crit, "m = " + layers + (peaked ? " (peaked)" : "") + ": chi2 " + chi2 + " >= " + crit
                    + " with df " + df);
        }
    }

    /**
     * The lazy matches on their own, against the closed form on a tiny support where every probability is
     * large: the last layers of a draw change the distribution as the tournament does. With m = 18 the draw
     * sums 12 layers and plays 6 by matches; the same weights with the first 12 layers' factors applied (by the
     * closed form) and no lazy layer must agree, which a mistake in the match rule (for instance keeping x on a
     * tie) would break.
     */
    @Test
    void lazyMatches_moveTheDistributionLikeTheClosedForm() {
        int n = 600; // > SMALL, but most of the mass on 3 tokens
        double[] w = new double[n];
        for (int v = 0; v < n; v++) {
            w[v] = 1e-4;
        }
        w[10] = 1;
        w[20] = 2;
        w[30] = 3;
        long seed = 0x5EEDL;
        double[] p = w.clone();
        long[] u = new long[n];
        for (int v = 0; v < n; v++) {
            u[v] = Tt1Prf.value(seed, v);
        }
        SynthIdTournament.layers(p, u, n, 18);
        double s = 0;
        for (double x : p) {
            s += x;
        }
        SynthIdTournament t = new SynthIdTournament();
        SplittableRandom rng = new SplittableRandom(5);
        int draws = 200_000;
        long[] counts = new long[n];
        double[] scratch = new double[n];
        for (int i = 0; i < draws; i++) {
            System.arraycopy(w, 0, scratch, 0, n);
            counts[t.sample(seed, scratch, 18, rng)]++;
        }
        for (int v : new int[] {10, 20, 30}) {
            double expected = p[v] / s;
            double sd = Math.sqrt(expected * (1 - expected) / draws);
            assertEquals(expected, counts[v] / (double) draws, 5 * sd, "token " + v);
        }
    }
}
