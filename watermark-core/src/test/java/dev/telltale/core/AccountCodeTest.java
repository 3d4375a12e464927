package dev.telltale.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.core.internal.GaloisField;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The Reed–Solomon account code: field arithmetic, systematic encoding, MDS agreement, completion from any K positions. */
class AccountCodeTest {

    @Test
    void everyField_hasAPrimitiveGenerator_andConsistentArithmetic() {
        for (int m = 2; m <= 8; m++) {
            GaloisField f = GaloisField.of(m);
            boolean[] seen = new boolean[f.size()];
            for (int i = 0; i < f.size() - 1; i++) {
                assertTrue(!seen[f.exp(i)] && f.exp(i) != 0, "α^" + i + " repeats in GF(2^" + m + ")");
                seen[f.exp(i)] = true;
            }
            for (int a = 0; a < f.size(); a++) {
                for (int b = 1; b < f.size(); b++) {
                    assertEquals(a, f.mul(f.div(a, b), b));
                    assertEquals(slowMul(a, b, m), f.mul(a, b), "GF(2^" + m + ") " + a + "*" + b);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> GaloisField.of(9));
    }

    @Test
    void encode_isSystematic_andMessageRoundTrips() {
        AccountCode code = new AccountCode(5, 32, 4);
        assertEquals(1L << 20, code.messages());
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 1000; i++) {
            long id = r.nextLong(code.messages());
            int[] c = code.encode(id);
            assertEquals(id, code.message(c));
            for (int j = 0; j < 4; j++) {
                assertEquals((int) (id >>> (5 * j)) & 31, c[j], "systematic digit " + j);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> code.encode(1L << 20));
        assertThrows(IllegalArgumentException.class, () -> code.encode(-1));
    }

    @Test
    void distinctCodewords_agreeInAtMostKMinus1Positions_exhaustivelyOnASmallCode() {
        AccountCode code = new AccountCode(4, 16, 2); // 256 codewords
        int[][] all = new int[256][];
        for (int id = 0; id < 256; id++) {
            all[id] = code.encode(id);
        }
        int maxAgree = 0;
        for (int a = 0; a < 256; a++) {
            for (int b = a + 1; b < 256; b++) {
                int agree = 0;
                for (int j = 0; j < 16; j++) {
                    agree += all[a][j] == all[b][j] ? 1 : 0;
                }
                maxAgree = Math.max(maxAgree, agree);
            }
        }
        assertEquals(1, maxAgree, "K - 1 = 1, and the bound is met (MDS)");
        assertEquals(15, code.minimumDistance());
    }

    @Test
    void codewordsAreLinear_andAgreementBoundHolds_onRandomPairsOfTheDefaultCode() {
        AccountCode code = AccountCodeParameters.V1.code();
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < 20000; i++) {
            long a = r.nextLong(code.messages());
            long b = r.nextLong(code.messages());
            int[] ca = code.encode(a);
            int[] cb = code.encode(b);
            int[] cx = code.encode(a ^ b); // message digits XOR; the code is linear over GF(2)
            int agree = 0;
            for (int j = 0; j < code.length(); j++) {
                assertEquals(ca[j] ^ cb[j], cx[j]);
                agree += ca[j] == cb[j] ? 1 : 0;
            }
            assertTrue(a == b || agree <= code.messageSymbols() - 1, agree + " agreements");
        }
    }

    @Test
    void anyKPositions_determineTheCodeword() {
        AccountCode code = new AccountCode(5, 32, 4);
        SplittableRandom r = new SplittableRandom(5);
        int[] out = new int[32];
        for (int i = 0; i < 2000; i++) {
            long id = r.nextLong(code.messages());
            int[] c = code.encode(id);
            int[] positions = r.ints(0, 32).distinct().limit(4).toArray();
            int[] values = Arrays.stream(positions).map(p -> c[p]).toArray();
            code.informationSet(positions).complete(values, out);
            assertArrayEquals(c, out);
        }
        assertThrows(IllegalArgumentException.class, () -> code.informationSet(new int[] {1, 1, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> code.informationSet(new int[] {1, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> new AccountCode(5, 33, 4));
        assertThrows(IllegalArgumentException.class, () -> new AccountCode(5, 4, 4));
    }

    /** Carry-less multiplication reduced by the primitive polynomial, independent of the tables. */
    private static int slowMul(int a, int b, int m) {
        int[] poly = {0, 0, 0x7, 0xB, 0x13, 0x25, 0x43, 0x89, 0x11D};
        int r = 0;
        for (int i = m - 1; i >= 0; i--) {
            r <<= 1;
            if ((r & (1 << m)) != 0) {
                r ^= poly[m];
            }
            if ((b >>> i & 1) != 0) {
                r ^= a;
            }
        }
        return r;
    }
}
