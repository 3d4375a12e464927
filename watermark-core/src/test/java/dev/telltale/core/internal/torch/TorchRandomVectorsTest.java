package dev.telltale.core.internal.torch;

import static dev.telltale.core.internal.torch.HfVectors.checksum;
import static dev.telltale.core.internal.torch.HfVectors.ints;
import static dev.telltale.core.internal.torch.HfVectors.unsigned;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** PyTorch CPU RNG ports against values PyTorch itself produced ({@code hf.json}). */
class TorchRandomVectorsTest {

    @Test
    void mt19937_matchesTorchRawOutputs_includingAcrossATwist() {
        JsonNode cases = HfVectors.get().path("mt19937");
        assertTrue(cases.size() >= 6);
        for (JsonNode c : cases) {
            Mt19937 g = new Mt19937(unsigned(c.path("seed")));
            long[] first = new long[8];
            for (int i = 0; i < 8; i++) {
                first[i] = g.nextUnsigned();
            }
            for (int i = 8; i < 1000; i++) {
                g.next();
            }
            long[] at1000 = new long[4];
            for (int i = 0; i < 4; i++) {
                at1000[i] = g.nextUnsigned();
            }
            assertArrayEquals(longs(c.path("first")), first, "seed " + c.path("seed").asText());
            assertArrayEquals(longs(c.path("at1000")), at1000, "seed " + c.path("seed").asText());
        }
    }

    @Test
    void manualSeed_keepsOnlyTheLow32Bits() {
        Mt19937 a = new Mt19937(5489);
        Mt19937 b = new Mt19937((1L << 32) + 5489);
        for (int i = 0; i < 2000; i++) {
            assertEquals(a.next(), b.next());
        }
        assertEquals(3499211612L, new Mt19937(5489).nextUnsigned()); // the reference MT19937 output
    }

    @Test
    void randperm_matchesTorch_forEverySizeInTheVectors() {
        for (JsonNode c : HfVectors.get().path("randperm")) {
            int n = c.path("n").asInt();
            int[] p = TorchRandom.randperm(new Mt19937(unsigned(c.path("seed"))), n);
            String what = "randperm(" + n + ") seed " + c.path("seed").asText();
            assertEquals(unsigned(c.path("checksum")), checksum(p), what);
            if (c.has("values")) {
                assertArrayEquals(ints(c.path("values")), p, what);
            } else {
                int[] prefix = ints(c.path("prefix"));
                int[] suffix = ints(c.path("suffix"));
                assertArrayEquals(prefix, Arrays.copyOf(p, prefix.length), what);
                assertArrayEquals(suffix, Arrays.copyOfRange(p, n - suffix.length, n), what);
            }
        }
    }

    @Test
    void randpermPrefixAndMembership_agreeWithTheFullPermutation() {
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 60; trial++) {
            int n = trial < 5 ? trial + 1 : 2 + r.nextInt(5000);
            int k = r.nextInt(n + 1);
            long seed = r.nextLong();
            int[] full = TorchRandom.randperm(new Mt19937(seed), n);
            RandpermPrefix pp = new RandpermPrefix(n);
            int[] out = new int[k];
            pp.prefix(new Mt19937(seed), k, out);
            assertArrayEquals(Arrays.copyOf(full, k), out, "n=" + n + " k=" + k);
            pp.prefix(new Mt19937(seed), k, out); // reuse of the scratch
            assertArrayEquals(Arrays.copyOf(full, k), out);
            boolean[] in = new boolean[n];
            for (int i = 0; i < k; i++) {
                in[full[i]] = true;
            }
            for (int q = 0; q < 20; q++) {
                int tok = r.nextInt(n);
                assertEquals(in[tok], TorchRandom.inRandpermPrefix(new Mt19937(seed), n, k, tok), "n=" + n + " k=" + k + " tok=" + tok);
            }
        }
    }

    @Test
    void rand_float32_matchesTorchBitForBit() {
        for (JsonNode c : HfVectors.get().path("rand")) {
            int n = c.path("n").asInt();
            float[] f = TorchRandom.rand(new Mt19937(unsigned(c.path("seed"))), n);
            JsonNode prefix = c.path("prefix");
            for (int i = 0; i < prefix.size(); i++) {
                assertEquals((float) prefix.get(i).asDouble(), f[i], 0f, "rand seed " + c.path("seed").asText() + " [" + i + "]");
            }
            long[] bits = new long[n];
            for (int i = 0; i < n; i++) {
                bits[i] = Integer.toUnsignedLong(Float.floatToRawIntBits(f[i]));
            }
            assertEquals(unsigned(c.path("bits_checksum")), checksum(bits));
        }
    }

    @Test
    void randint_matchesTorch() {
        for (JsonNode c : HfVectors.get().path("randint")) {
            int n = c.path("n").asInt();
            long[] v = TorchRandom.randint(new Mt19937(unsigned(c.path("seed"))), c.path("low").asLong(), c.path("high").asLong(), n);
            assertEquals(unsigned(c.path("checksum")), checksum(v), "randint seed " + c.path("seed").asText());
            assertEquals(c.path("sum").asLong(), Arrays.stream(v).sum());
            JsonNode head = c.has("values") ? c.path("values") : c.path("prefix");
            assertArrayEquals(longs(head), Arrays.copyOf(v, head.size()));
        }
    }

    @Test
    void pythonSeedArithmetic_matchesBigIntegerFloorMod() {
        BigInteger m = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        SplittableRandom r = new SplittableRandom(5);
        long[] edge = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 15485863L, -15485863L};
        for (int i = 0; i < 20_000; i++) {
            long k = i < edge.length ? edge[i] : r.nextLong();
            BigInteger expect = BigInteger.valueOf(k).mod(m);
            assertEquals(expect, new BigInteger(Long.toUnsignedString(PySeeds.modMersenne64(k))), "k=" + k);
            long a = i < edge.length ? Math.abs(edge[i] == Long.MIN_VALUE ? 0 : edge[i]) : r.nextLong() >>> (1 + r.nextInt(63));
            long b = r.nextLong() >>> (1 + r.nextInt(63));
            if (i % 7 == 0) {
                a = Long.MAX_VALUE;
            }
            BigInteger prod = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).mod(m);
            assertEquals(prod, new BigInteger(Long.toUnsignedString(PySeeds.productModMersenne64(a, b))), a + "*" + b);
        }
        assertEquals(0L, PySeeds.productModMersenne64(65535L, 281479271743489L)); // exactly 2^64 - 1
        assertEquals(-2L, PySeeds.productModMersenne64(Long.MAX_VALUE, 2)); // 2^64 - 2, unsigned
        assertThrows(IllegalArgumentException.class, () -> PySeeds.productModMersenne64(-1, 3));
    }

    @Test
    void randperm_refusesSizesTorchDrawsWith64Bits() {
        assertThrows(IllegalArgumentException.class, () -> new RandpermPrefix(TorchRandom.RANDPERM_LIMIT));
        assertFalse(TorchRandom.inRandpermPrefix(new Mt19937(1), 10, 3, 10));
    }

    private static long[] longs(JsonNode arr) {
        long[] r = new long[arr.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = arr.get(i).asLong();
        }
        return r;
    }
}
