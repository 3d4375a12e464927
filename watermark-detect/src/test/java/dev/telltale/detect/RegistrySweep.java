package dev.telltale.detect;

import dev.telltale.core.AccountKeysParameters;
import dev.telltale.core.AccountPrf;
import dev.telltale.core.Tt1Prf;
import dev.telltale.core.WatermarkKey;

/**
 * Design 1 (kgw-account-keys) at many text lengths and registry sizes in one pass over the sub-keys: for each
 * prefix length, the true account's count and the best count among the other ids below each registry size.
 * The same statistic as {@link AccountKeySearch} (checked equal in the study), restructured for the sweep.
 */
final class RegistrySweep {
    /** Per prefix j: T_j, the true account's S_j, and best wrong S_j below each registry size s. */
    record Counts(int[] scored, int[] truth, int[][] bestWrong) {}

    private RegistrySweep() {}

    /**
     * @param keys     sub-keys of ids [0, keys.length)
     * @param prefixes text lengths (tokens), ascending
     * @param sizes    registry sizes, ascending, the last ≤ keys.length
     */
    static Counts sweep(WatermarkKey key, int[] ids, long account, long[] keys, int[] prefixes, long[] sizes) {
        AccountKeysParameters p = (AccountKeysParameters) key.scheme();
        AccountPrf prf = AccountPrf.of(key);
        int h = p.contextWidth();
        long threshold = Tt1Prf.greenThreshold(p.accountGamma());
        PairTape tape = new PairTape(AccountTexts.qwen().vocabSize(), h);
        long[] seeds = new long[ids.length];
        int[] tokens = new int[ids.length];
        int[] scored = new int[prefixes.length];
        int n = 0;
        int j = 0;
        for (int t = h; t < ids.length; t++) {
            while (j < prefixes.length && t >= prefixes[j]) {
                scored[j++] = n;
            }
            if (tape.add(ids, t + 1)) {
                seeds[n] = prf.contextSeed(ids, t - h, t);
                tokens[n++] = ids[t];
            }
        }
        while (j < prefixes.length) {
            scored[j++] = n;
        }
        int[] truth = new int[prefixes.length];
        int[][] bestWrong = new int[prefixes.length][sizes.length];
        int[] running = new int[prefixes.length];
        int[] counts = new int[prefixes.length];
        int s = 0;
        for (int id = 0; id < sizes[sizes.length - 1]; id++) {
            count(keys[id], seeds, tokens, scored, threshold, counts);
            if (id == account) {
                System.arraycopy(counts, 0, truth, 0, counts.length);
            } else {
                for (int i = 0; i < counts.length; i++) {
                    running[i] = Math.max(running[i], counts[i]);
                }
            }
            while (s < sizes.length && id + 1 == sizes[s]) {
                for (int i = 0; i < counts.length; i++) {
                    bestWrong[i][s] = running[i];
                }
                s++;
            }
        }
        return new Counts(scored, truth, bestWrong);
    }

    /** counts[j] = S over the first scored[j] pairs for sub-key k. */
    private static void count(long k, long[] seeds, int[] tokens, int[] scored, long threshold, int[] counts) {
        int s = 0;
        int t = 0;
        for (int j = 0; j < scored.length; j++) {
            for (; t < scored[j]; t++) {
                s += (int) (((Tt1Prf.value(AccountPrf.keyedSeed(seeds[t], k), tokens[t]) >>> 11) - threshold) >>> 63);
            }
            counts[j] = s;
        }
    }
}
