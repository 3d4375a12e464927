package dev.telltale.corpus.scan.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pooled dedup log against a naive sorted set: exact distinct keys in order, with spills and after a resume. */
class TupleLogTest {
    @TempDir
    Path dir;

    private record Key(long lo, long hi) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Long.compare(lo, o.lo);
            return c != 0 ? c : Long.compare(hi, o.hi);
        }
    }

    private static long[] randomKeys(SplittableRandom r, int n, int width, int distinctRange) {
        long[] k = new long[n * width];
        for (int i = 0; i < n; i++) {
            long v = r.nextInt(distinctRange);
            k[i * width] = v * 0x9E3779B97F4A7C15L >>> 1; // spread, non-negative
            if (width == 2) {
                k[i * width + 1] = v % 7;
            }
        }
        return k;
    }

    private static List<Key> finish(TupleLog log, Path tmp) throws Exception {
        List<Key> out = new ArrayList<>();
        log.finish(tmp, (lo, hi) -> out.add(new Key(lo, hi)));
        return out;
    }

    @Test
    void distinctKeys_inAscendingOrder_whateverTheBudget_bothWidths() throws Exception {
        for (int width : new int[] {1, 2}) {
            for (long budget : new long[] {64L << 20, 1 << 15}) { // roomy; tiny (4,096 slots): many spills
                SplittableRandom r = new SplittableRandom(width * 31 + budget);
                TreeSet<Key> naive = new TreeSet<>();
                Path f = dir.resolve("log-" + width + "-" + budget);
                try (TupleLog log = new TupleLog(f, width, budget, 0)) {
                    for (int doc = 0; doc < 50; doc++) {
                        long[] keys = randomKeys(r, 1000, width, 30_000);
                        log.add(keys);
                        for (int i = 0; i < 1000; i++) {
                            naive.add(new Key(keys[i * width], width == 2 ? keys[i * width + 1] : 0));
                        }
                    }
                    assertEquals(budget < 1 << 20, log.spilled());
                    assertEquals(new ArrayList<>(naive), finish(log, dir.resolve("runs-" + width + "-" + budget)));
                }
            }
        }
    }

    @Test
    void resumeFromASyncedLength_dropsLaterKeys_andReplaysEarlierOnes() throws Exception {
        SplittableRandom r = new SplittableRandom(9);
        Path f = dir.resolve("log");
        TreeSet<Key> before = new TreeSet<>();
        long synced;
        try (TupleLog log = new TupleLog(f, 1, 1 << 15, 0)) {
            for (int doc = 0; doc < 20; doc++) {
                long[] keys = randomKeys(r, 1000, 1, 20_000);
                log.add(keys);
                for (long k : keys) {
                    before.add(new Key(k, 0));
                }
            }
            synced = log.sync();
            log.add(randomKeys(new SplittableRandom(99), 5000, 1, 1 << 30)); // written after the checkpoint
            log.sync();
        }
        try (TupleLog resumed = new TupleLog(f, 1, 1 << 15, synced)) {
            long[] more = randomKeys(r, 3000, 1, 20_000);
            resumed.add(more);
            for (long k : more) {
                before.add(new Key(k, 0));
            }
            List<Key> got = finish(resumed, dir.resolve("runs"));
            assertEquals(new ArrayList<>(before), got);
            assertTrue(got.size() > 4096, "the test must exceed the 4,096-slot budget");
        }
    }

    @Test
    void sortPairs_matchesNaiveOrder() {
        SplittableRandom r = new SplittableRandom(4);
        int n = 5000;
        long[] a = new long[2 * n];
        List<Key> naive = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            a[2 * i] = r.nextInt(50);
            a[2 * i + 1] = r.nextLong() >>> 1;
            naive.add(new Key(a[2 * i], a[2 * i + 1]));
        }
        LongRecords.sort(a, n, 2);
        naive.sort(null);
        for (int i = 0; i < n; i++) {
            assertEquals(naive.get(i), new Key(a[2 * i], a[2 * i + 1]));
        }
    }
}
