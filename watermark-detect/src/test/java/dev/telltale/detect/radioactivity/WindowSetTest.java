package dev.telltale.detect.radioactivity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The exact n-gram set against a HashSet of lists, over the widths radioactivity tests use. */
class WindowSetTest {
    @Test
    void addAndContains_agreeWithAHashSet_forEveryLength() {
        SplittableRandom r = new SplittableRandom(3);
        int v = 151_669;
        for (int n = 1; n <= 7; n++) {
            WindowSet set = new WindowSet(v, n);
            Set<List<Integer>> ref = new HashSet<>();
            int[] ids = new int[40_000];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = r.nextInt(4) == 0 ? r.nextInt(v) : r.nextInt(12) * 12_000 + (i % 3 == 0 ? v - 12 * 12_000 - 1 : 0);
            }
            for (int i = 0; i + n <= ids.length; i += 2) {
                List<Integer> key = Arrays.stream(Arrays.copyOfRange(ids, i, i + n)).boxed().collect(Collectors.toList());
                assertEquals(ref.add(key), set.add(ids, i), "n = " + n + " at " + i);
            }
            assertEquals(ref.size(), set.size());
            for (int i = 0; i + n <= ids.length; i++) { // odd starts were never added: both must agree on them too
                List<Integer> key = Arrays.stream(Arrays.copyOfRange(ids, i, i + n)).boxed().collect(Collectors.toList());
                assertEquals(ref.contains(key), set.contains(ids, i), "n = " + n + " at " + i);
            }
        }
    }

    @Test
    void tooWideWindows_areRefused() {
        assertThrows(IllegalArgumentException.class, () -> new WindowSet(151_669, 8));
        assertThrows(IllegalArgumentException.class, () -> new WindowSet(100, 0));
    }
}
