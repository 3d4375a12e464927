package dev.telltale.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The dedup tape against a naive reference (a set of id lists), on repetitive random sequences. */
class PairTapeTest {

    @ParameterizedTest(name = "V={0}, h={1}")
    @CsvSource({"2, 0", "5, 1", "7, 2", "50, 2", "151669, 2", "151669, 3", "151669, 5", "151669, 6", "300, 8"})
    void add_agreesWithNaiveSetOfTuples(int vocab, int h) {
        SplittableRandom r = new SplittableRandom(vocab * 31L + h);
        PairTape tape = new PairTape(vocab, h);
        for (int round = 0; round < 3; round++) {
            Set<List<Integer>> naive = new HashSet<>();
            int n = 20_000;
            int[] ids = new int[n];
            int alphabet = Math.min(vocab, 6); // small alphabet -> many repeats
            for (int i = 0; i < n; i++) {
                ids[i] = r.nextInt(8) == 0 ? vocab - 1 - r.nextInt(alphabet) : r.nextInt(alphabet);
            }
            for (int end = h + 1; end <= n; end++) {
                List<Integer> tuple = new ArrayList<>();
                for (int i = end - h - 1; i < end; i++) {
                    tuple.add(ids[i]);
                }
                assertEquals(naive.add(tuple), tape.add(ids, end), "tuple " + tuple);
            }
            assertEquals(naive.size(), tape.size());
            tape.clear();
            assertEquals(0, tape.size());
        }
    }

    @Test
    void tooWideTuples_areRefusedUpFront() {
        assertThrows(IllegalArgumentException.class, () -> new PairTape(1 << 30, 8));
    }
}
