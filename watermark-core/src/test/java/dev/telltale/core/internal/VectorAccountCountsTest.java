package dev.telltale.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.core.AccountPrf;
import dev.telltale.core.Tt1Prf;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SIMD registry search against the scalar membership rule, account by account, including the tail ids. */
class VectorAccountCountsTest {

    @ParameterizedTest(name = "accounts={0}")
    @ValueSource(ints = {1, 7, 8, 9, 63, 1000})
    void counts_equalScalarReference(int accounts) {
        assertTrue(Simd.AVAILABLE, "tests run with --add-modules jdk.incubator.vector (surefire argLine)");
        SplittableRandom r = new SplittableRandom(accounts);
        long[] keys = r.longs(accounts + 5).toArray();
        int n = 300;
        long[] seeds = r.longs(n).toArray();
        int[] tokens = r.ints(n, 0, 151669).toArray();
        long[] offsets = new long[n];
        for (int t = 0; t < n; t++) {
            offsets[t] = (tokens[t] + 1L) * 0x9E3779B97F4A7C15L;
        }
        long threshold = Tt1Prf.greenThreshold(0.25);
        int from = 3;
        int to = 3 + accounts;
        int[] expected = new int[accounts];
        for (int id = from; id < to; id++) {
            for (int t = 0; t < n; t++) {
                expected[id - from] += Tt1Prf.isGreen(Tt1Prf.value(AccountPrf.keyedSeed(seeds[t], keys[id]), tokens[t]), threshold)
                        ? 1 : 0;
            }
        }
        int[] got = new int[accounts];
        int done = VectorAccountCounts.count(keys, from, to, seeds, offsets, n, threshold, got);
        assertTrue(done >= from && done <= to && (done - from) % VectorSipHash.lanes() == 0);
        for (int id = done; id < to; id++) { // the tail the caller counts itself
            got[id - from] = expected[id - from];
        }
        assertArrayEquals(expected, got);
    }
}
