package dev.telltale.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SIMD search in short arrays against the scalar reference, at every start, including the tails. */
class ShortsTest {

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {0, 1, 31, 32, 33, 1000, 4099})
    void indexOf_findsEveryMatchInOrder_likeTheScalarScan(int n) {
        SplittableRandom r = new SplittableRandom(n + 3);
        short[] a = new short[n];
        for (int i = 0; i < n; i++) {
            a[i] = (short) r.nextInt(1 << 15); // bits above the mask must be ignored
        }
        for (int mask : new int[] {0xF, 0xFFF}) {
            for (int value : new int[] {0, 5, mask}) {
                int expectedCount = 0;
                for (short x : a) {
                    expectedCount += (x & mask) == value ? 1 : 0;
                }
                int count = 0;
                int previous = -1;
                for (int i = Shorts.indexOf(a, 0, n, mask, value); i < n; i = Shorts.indexOf(a, i + 1, n, mask, value)) {
                    assertEquals(value, a[i] & mask, "index " + i);
                    assertEquals(Shorts.scan(a, previous + 1, n, mask, value), i, "the next match after " + previous);
                    previous = i;
                    count++;
                }
                assertEquals(expectedCount, count, "mask " + mask + ", value " + value);
                int from = n / 3;
                int lanes = VectorShorts.indexOf(a, from, n, (short) mask, (short) value);
                int expected = Shorts.scan(a, from, n, mask, value);
                // the vector part either finds the first match or stops before it, at the unsearched tail
                assertEquals(expected, lanes < n && (a[lanes] & mask) == value ? lanes : Shorts.scan(a, lanes, n, mask, value));
            }
        }
    }
}
