package dev.telltale.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SIMD seed batch against the scalar SipHash reference, lane by lane. */
class VectorSipHashTest {

    @Test
    void vectorPath_isActiveInTheTestJvm() {
        // surefire runs with --add-modules jdk.incubator.vector; without it the equality test below would
        // only compare the scalar path with itself
        assertTrue(Simd.AVAILABLE, "jdk.incubator.vector missing or fewer than 4 long lanes");
    }

    @ParameterizedTest(name = "h={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7})
    void hashWindows_equalsScalarHashWords_forEveryLaneAndTail(int h) {
        SplittableRandom r = new SplittableRandom(h);
        int len = 5_000;
        int[] ids = new int[len];
        for (int i = 0; i < len; i++) {
            ids[i] = i % 97 == 0 ? Integer.MAX_VALUE - r.nextInt(3) : r.nextInt(151_669); // incl. huge ids
        }
        for (int n : new int[] {0, 1, 7, 8, 9, 63, 1000, len - h}) {
            int[] ends = new int[n];
            for (int i = 0; i < n; i++) {
                ends[i] = h + r.nextInt(len - h); // unordered, with repeats
            }
            long[] expected = new long[n];
            SipHash24.hashWindows(0x0706050403020100L, 0x0F0E0D0C0B0A0908L, ids, ends, n, h, expected);
            long[] actual = new long[n];
            VectorSipHash.hashWindows(0x0706050403020100L, 0x0F0E0D0C0B0A0908L, ids, ends, n, h, actual,
                    new long[64]);
            assertArrayEquals(expected, actual, "n = " + n);
            for (int i = 0; i < n; i++) {
                assertTrue(expected[i] == SipHash24.hashWords(0x0706050403020100L, 0x0F0E0D0C0B0A0908L, ids,
                        ends[i] - h, ends[i]));
            }
        }
    }
}
