package dev.telltale.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telltale.core.ExactTails;
import dev.telltale.core.HfKgwParameters;
import dev.telltale.core.HfSynthIdParameters;
import dev.telltale.core.internal.torch.Mt19937;
import dev.telltale.core.internal.torch.TorchRandom;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The HF scorers against naive references: full permutations and BigInteger seed arithmetic for KGW,
 * PyTorch's g-values and masks ({@code hf.json}) for SynthID, on id sequences with many repeats.
 */
class HfScorersTest {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger M = TWO_64.subtract(BigInteger.ONE);

    @Test
    void hfKgw_positionsDedupAndGreenCounts_matchANaiveReference() {
        SplittableRandom r = new SplittableRandom(8);
        for (HfKgwParameters p : List.of(
                new HfKgwParameters(HfKgwParameters.SeedingScheme.LEFTHASH, 15485863L, 0.25, 2.0, 1, 1000),
                new HfKgwParameters(HfKgwParameters.SeedingScheme.LEFTHASH, 6364136223846793005L, 0.5, 2.0, 3, 997),
                new HfKgwParameters(HfKgwParameters.SeedingScheme.SELFHASH, 15485863L, 0.25, 2.0, 1, 1000),
                new HfKgwParameters(HfKgwParameters.SeedingScheme.SELFHASH, 6364136223846793005L, 0.25, 2.0, 3, 1000))) {
            int[] table = TorchRandom.randperm(new Mt19937(p.hashingKey()), 1_000_003);
            for (int trial = 0; trial < 5; trial++) {
                int[] ids = new int[300];
                for (int i = 0; i < ids.length; i++) { // random ids and copied runs of 6: many repeated windows
                    if (i > 20 && r.nextInt(8) == 0) {
                        int from = r.nextInt(i - 6);
                        for (int j = 0; j < 6 && i < ids.length; j++) {
                            ids[i++] = ids[from + j];
                        }
                        i--;
                    } else {
                        ids[i] = r.nextInt(p.vocabSize());
                    }
                }
                List<Integer> expectPos = new ArrayList<>();
                List<Double> expectScore = new ArrayList<>();
                Set<String> seen = new HashSet<>();
                boolean self = p.seedingScheme() == HfKgwParameters.SeedingScheme.SELFHASH;
                int cw = p.contextWidth();
                for (int t = self ? cw - 1 : cw; t < ids.length; t++) {
                    BigInteger seed;
                    if (self) {
                        BigInteger b = BigInteger.valueOf(table[ids[t] % 1_000_003] + 1L);
                        BigInteger min = null;
                        for (int i = t - cw + 1; i <= t; i++) {
                            BigInteger x = BigInteger.valueOf(p.hashingKey()).multiply(BigInteger.valueOf(table[ids[i] % 1_000_003] + 1L))
                                    .multiply(b).mod(TWO_64);
                            x = x.testBit(63) ? x.subtract(TWO_64) : x; // int64
                            min = min == null || x.compareTo(min) < 0 ? x : min;
                        }
                        seed = min.mod(M);
                    } else {
                        seed = BigInteger.valueOf(p.hashingKey()).multiply(BigInteger.valueOf(ids[t - 1])).mod(M);
                    }
                    long seed32 = seed.longValue() & 0xffffffffL;
                    if (!seen.add(seed32 + "/" + ids[t])) {
                        continue;
                    }
                    int token = ids[t];
                    int[] perm = TorchRandom.randperm(new Mt19937(seed32), p.vocabSize());
                    boolean green = Arrays.stream(perm, 0, p.greenlistSize()).anyMatch(x -> x == token);
                    expectPos.add(t);
                    expectScore.add(green ? 1.0 : 0.0);
                }
                HfKgwScorer s = new HfKgwScorer(p);
                int[] pos = new int[ids.length];
                double[] sc = new double[ids.length];
                int n = s.scoreSequence(ids, pos, sc);
                assertEquals(expectPos.size(), n, p.toString());
                assertTrue(n < ids.length - cw, "the sequence has repeats");
                assertArrayEquals(expectPos.stream().mapToInt(Integer::intValue).toArray(), Arrays.copyOf(pos, n));
                assertArrayEquals(expectScore.stream().mapToDouble(Double::doubleValue).toArray(), Arrays.copyOf(sc, n));
                double sum = Arrays.stream(sc, 0, n).sum();
                assertEquals(ExactTails.log10BinomialUpperTail(n, Math.round(sum), (double) p.greenlistSize() / p.vocabSize()),
                        s.log10PValue(n, sum), 0.0);
            }
        }
    }

    @Test
    void hfSynthId_scoresUnmaskedFirstOccurrences_withTorchGValues() throws Exception {
        JsonNode v;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("telltale-testdata/vectors/hf.json")) {
            v = new ObjectMapper().readTree(in);
        }
        for (JsonNode c : v.path("synthid_sequences")) {
            List<Long> keys = new ArrayList<>();
            c.path("keys").forEach(k -> keys.add(k.asLong()));
            HfSynthIdParameters p = new HfSynthIdParameters(keys, c.path("ngram_len").asInt(), 0, 65536,
                    c.path("context_history_size").asInt());
            int[] ids = new int[c.path("ids").size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = c.path("ids").get(i).asInt();
            }
            int n0 = p.ngramLen() - 1;
            List<Integer> expectPos = new ArrayList<>();
            List<Double> expectScore = new ArrayList<>();
            Set<Long> residues = new HashSet<>();
            for (int t = n0; t < ids.length; t++) {
                int j = t - n0;
                if (!c.path("mask").get(j).asBoolean()) {
                    continue;
                }
                long u = 1;
                for (int i = t - n0; i <= t; i++) {
                    u = (u + ids[i]) * 6364136223846793005L + 1;
                }
                if (!residues.add(u & 0xffff)) {
                    continue;
                }
                double sum = 0;
                for (JsonNode g : c.path("g").get(j)) {
                    sum += g.asInt();
                }
                expectPos.add(t);
                expectScore.add(sum);
            }
            HfSynthIdScorer s = new HfSynthIdScorer(p);
            int[] pos = new int[ids.length];
            double[] sc = new double[ids.length];
            int n = s.scoreSequence(ids, pos, sc);
            String what = "ngram_len " + p.ngramLen() + " history " + p.contextHistorySize();
            assertEquals(expectPos.size(), n, what);
            assertArrayEquals(expectPos.stream().mapToInt(Integer::intValue).toArray(), Arrays.copyOf(pos, n), what);
            assertArrayEquals(expectScore.stream().mapToDouble(Double::doubleValue).toArray(), Arrays.copyOf(sc, n), what);
            double total = Arrays.stream(sc, 0, n).sum();
            assertEquals(ExactTails.log10BinomialUpperTail((long) n * keys.size(), Math.round(total), 0.5), s.log10PValue(n, total), 0.0);
        }
    }
}
