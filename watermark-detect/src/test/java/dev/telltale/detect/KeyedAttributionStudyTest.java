package dev.telltale.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.core.AccountKeysParameters;
import dev.telltale.core.AccountPrf;
import dev.telltale.core.ExactTails;
import dev.telltale.core.WatermarkKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * kgw-account-keys (design 1: per-account HKDF sub-keys, registry search, Bonferroni) on the default model: one
 * sweep per text gives accuracy against text length and registry size; cost of one trace against N. Texts are
 * served to accounts below 1,000 so every registry size contains the true account. Quick mode: 10 texts and
 * registries up to 10^4; {@code -Dtelltale.full=true}: 200 texts, registries up to 10^6.
 */
class KeyedAttributionStudyTest {
    private static final boolean FULL = Boolean.getBoolean("telltale.full");
    private static final int TOKENS = 400;
    private static final int[] PREFIXES = {50, 100, 150, 200, 250, 300, 400};
    private static final long[] SIZES = FULL ? new long[] {1_000, 10_000, 100_000, 1_000_000} : new long[] {1_000, 10_000};
    private static final double ALPHA = 1e-6;
    private static final String NAME = "registry-search";

    @Test
    void registrySearch_tracesEveryText_andAccuracyFallsWithRegistrySize() {
        StudyReport.reset(NAME);
        long maxN = SIZES[SIZES.length - 1];
        AccountKeysParameters params = new AccountKeysParameters(0.25, 2, 2, 0.25, 2, maxN);
        int keyCount = FULL ? 10 : 2;
        int perKey = FULL ? 20 : 5;
        int[][] right = new int[PREFIXES.length][SIZES.length];
        int[][] wrong = new int[PREFIXES.length][SIZES.length];
        double[][] sumLog = new double[PREFIXES.length][SIZES.length];
        List<AccountTexts.Text> texts = new ArrayList<>();
        long sweepNanos = 0;
        SplittableRandom rng = new SplittableRandom(7);
        for (int g = 0; g < keyCount; g++) { // a provider's key serving many accounts; sub-keys derived once per key
            byte[] secret = new byte[32];
            rng.nextBytes(secret);
            WatermarkKey key = WatermarkKey.fromSecret(secret, params, AccountTexts.qwen().ref(), Instant.EPOCH);
            long[] keys = keysOf(key, maxN);
            List<AccountTexts.Text> group = AccountTexts.generate(key, perKey, TOKENS, 1_000, 70 + g);
            texts.addAll(group);
            long t0 = System.nanoTime();
            List<RegistrySweep.Counts> counts = group.parallelStream()
                    .map(t -> RegistrySweep.sweep(t.key(), t.ids(), t.account(), keys, PREFIXES, SIZES)).toList();
            sweepNanos += System.nanoTime() - t0;
            for (RegistrySweep.Counts c : counts) {
                for (int j = 0; j < PREFIXES.length; j++) {
                    for (int s = 0; s < SIZES.length; s++) {
                        double log10N = Math.log10(SIZES[s]);
                        double pTrue = Math.min(0, log10N + ExactTails.log10BinomialUpperTail(c.scored()[j], c.truth()[j], 0.25));
                        double pWrong = Math.min(0, log10N
                                + ExactTails.log10BinomialUpperTail(c.scored()[j], c.bestWrong()[j][s], 0.25));
                        // a tie may go either way (smaller id wins): counted against the design on both sides
                        right[j][s] += c.truth()[j] > c.bestWrong()[j][s] && pTrue <= Math.log10(ALPHA) ? 1 : 0;
                        wrong[j][s] += c.truth()[j] <= c.bestWrong()[j][s] && pWrong <= Math.log10(ALPHA) ? 1 : 0;
                        sumLog[j][s] += pTrue;
                    }
                }
            }
        }
        // the production tracer agrees with the sweep at full length and the largest registry
        AccountTexts.Text first = texts.get(0);
        assertTrue(first.account() < 1_000);
        AccountAttribution a = AccountTracers.forKey(first.key(), ALPHA).trace(first.ids());
        RegistrySweep.Counts c0 = RegistrySweep.sweep(first.key(), first.ids(), first.account(), keysOf(first.key(), maxN),
                new int[] {TOKENS}, new long[] {maxN});
        assertEquals(first.account(), a.candidate());
        assertEquals(c0.truth()[0], a.matches());
        assertEquals(c0.scored()[0], a.tokensScored());

        List<StudyReport.Row> rows = new ArrayList<>();
        for (int s = 0; s < SIZES.length; s++) {
            for (int j = 0; j < PREFIXES.length; j++) {
                StudyReport.Row r = new StudyReport.Row("kgw-account-keys", SIZES[s], PREFIXES[j], texts.size(), right[j][s],
                        wrong[j][s], sumLog[j][s] / texts.size());
                rows.add(r);
                StudyReport.note(NAME, "| " + StudyReport.label(r.design(), r.accounts()) + " | " + r.tokens() + " | " + r.right()
                        + "/" + r.texts() + " | " + r.wrong() + " | " + String.format(Locale.ROOT, "%.1f", r.meanLog10P()) + " |");
            }
        }
        StudyReport.writeRows(NAME, rows);
        StudyReport.note(NAME, String.format(Locale.ROOT, "sweep over %d sub-keys: %.0f ms per %d-token text (wall, %d cores)",
                maxN, sweepNanos / 1e6 / texts.size(), TOKENS, Runtime.getRuntime().availableProcessors()));
        for (int s = 0; s < SIZES.length; s++) {
            assertEquals(0, wrong[PREFIXES.length - 1][s], "wrong attributions at N = " + SIZES[s]);
            assertEquals(texts.size(), right[PREFIXES.length - 1][s], "400-token texts traced at N = " + SIZES[s]);
        }
        assertTrue(right[0][0] < right[PREFIXES.length - 1][0], "accuracy grows with tokens");
    }

    @Test
    void traceCost_growsWithTheRegistry_andHumanTextIsNeverTraced() {
        SplittableRandom r = new SplittableRandom(8);
        List<int[]> segments = AccountTexts.brownSegments(TOKENS);
        int nulls = FULL ? 200 : 10;
        for (long n : SIZES) {
            byte[] s = new byte[32];
            r.nextBytes(s);
            WatermarkKey key = WatermarkKey.fromSecret(s, new AccountKeysParameters(0.25, 2, 2, 0.25, 2, n),
                    AccountTexts.qwen().ref(), Instant.EPOCH);
            AccountTracer tracer = AccountTracers.forKey(key, ALPHA);
            long t0 = System.nanoTime();
            tracer.trace(segments.get(0)); // first trace derives the N sub-keys
            long build = System.nanoTime() - t0;
            int attributed = 0;
            int at001 = 0;
            long t1 = System.nanoTime();
            for (int i = 0; i < nulls; i++) {
                AccountAttribution a = tracer.trace(segments.get(r.nextInt(segments.size())));
                attributed += a.attributed() ? 1 : 0;
                at001 += a.log10PValue() <= -2 ? 1 : 0;
            }
            double perText = (System.nanoTime() - t1) / 1e6 / nulls;
            StudyReport.note(NAME, String.format(Locale.ROOT, "N = %d: first trace (derives the sub-keys) %.0f ms, then %.1f ms per "
                    + "%d-token text (%d cores); Brown segments traced at 1e-6: %d/%d, corrected p <= 0.01: %d", n, build / 1e6,
                    perText, TOKENS, Runtime.getRuntime().availableProcessors(), attributed, nulls, at001));
            StudyReport.cost(NAME + "-" + n, n, perText);
            assertEquals(0, attributed, "human text traced at N = " + n);
        }
    }

    private static long[] keysOf(WatermarkKey key, long n) {
        long[] keys = new long[(int) n];
        AccountPrf.of(key).accountKeys(0, keys);
        return keys;
    }
}
