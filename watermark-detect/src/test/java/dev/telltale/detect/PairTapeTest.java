package dev.telltale.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

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
    void unitTape_agreesWithNaiveSet_andSurvivesWriteAndRead() throws IOException {
        SplittableRandom r = new SplittableRandom(17);
        PairTape tape = PairTape.forUnits(4);
        Set<List<Long>> naive = new HashSet<>();
        for (int i = 0; i < 50_000; i++) {
            long lo = r.nextInt(4) == 0 ? Long.MAX_VALUE - r.nextInt(50) : r.nextLong(300); // repeats, extreme values
            long hi = r.nextInt(3) == 0 ? -1L - r.nextInt(3) : r.nextInt(3);
            assertEquals(naive.add(List.of(lo, hi)), tape.addUnit(lo, hi), lo + ", " + hi);
        }
        assertEquals(naive.size(), tape.size());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        tape.writeTo(new DataOutputStream(bytes));
        PairTape copy = PairTape.forUnits(1);
        copy.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(tape.size(), copy.size());
        for (List<Long> u : naive) {
            assertTrue(!copy.addUnit(u.get(0), u.get(1)), "restored tape lost " + u);
        }
        assertTrue(copy.addUnit(301, 5));
        IOException e = assertThrows(IOException.class,
                () -> new PairTape(151669, 2).readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
        assertTrue(e.getMessage().contains("units"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> tape.addUnit(-1, 0));
        assertThrows(IllegalStateException.class, () -> new PairTape(100, 2).addUnit(1, 0));
        assertThrows(IllegalStateException.class, () -> tape.add(new int[] {1, 2, 3}, 3));
    }

    @Test
    void tooWideTuples_areRefusedUpFront() {
        assertThrows(IllegalArgumentException.class, () -> new PairTape(1 << 30, 8));
    }
}
