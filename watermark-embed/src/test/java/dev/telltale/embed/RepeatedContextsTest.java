package dev.telltale.embed;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RepeatedContextsTest {

    @Test
    void aWindowThatEndedEarlier_isSeen_includingInThePrompt() {
        assertTrue(RepeatedContexts.seenBefore(new int[] {1, 2, 3, 1, 2}, 5, 2));
        assertTrue(RepeatedContexts.seenBefore(new int[] {7, 7, 7}, 3, 2)); // windows (7,7) end at 2 and 3
        assertFalse(RepeatedContexts.seenBefore(new int[] {1, 2, 3, 2, 1}, 5, 2));
        assertFalse(RepeatedContexts.seenBefore(new int[] {1, 2, 3, 4, 1, 2, 3}, 7, 4)); // (4,1,2,3) is new
        assertTrue(RepeatedContexts.seenBefore(new int[] {1, 2, 3, 4, 1, 2, 3, 4, 9}, 8, 4)); // length 8 reads [0..8)
    }

    @Test
    void shortContexts_andWidthZero_areNeverMasked() {
        assertFalse(RepeatedContexts.seenBefore(new int[] {1, 1}, 2, 2));
        assertFalse(RepeatedContexts.seenBefore(new int[] {1, 1, 1}, 3, 0));
    }

    @Test
    void onlyTheRecentHistoryIsSearched() {
        int n = RepeatedContexts.HISTORY + 10;
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 1000 + i;
        }
        ids[0] = 5;
        ids[1] = 6;
        ids[n - 2] = 5;
        ids[n - 1] = 6;
        assertFalse(RepeatedContexts.seenBefore(ids, n, 2), "a window older than the history is not masked");
        ids[20] = 5;
        ids[21] = 6;
        assertTrue(RepeatedContexts.seenBefore(ids, n, 2));
    }
}
