package dev.telltale.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.core.AccountCode;
import dev.telltale.core.ExactTails;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The decoding machinery on synthetic votes, against naive references: the agreement bound against a
 * brute-force maximum over every subset of code positions, the ordered-statistics decoder against exhaustive
 * maximum likelihood over every codeword.
 */
class AccountDecodingTest {

    @Test
    void agreementBound_equalsTheMaximumOverEverySubset() {
        SplittableRandom r = new SplittableRandom(1);
        for (int trial = 0; trial < 300; trial++) {
            int length = 4 + r.nextInt(9);
            int maxAgree = r.nextInt(4);
            int[] tokens = new int[length];
            int[] matches = new int[length];
            for (int i = 0; i < length; i++) {
                tokens[i] = r.nextInt(12);
                matches[i] = tokens[i] == 0 ? 0 : r.nextInt(tokens[i] + 1);
            }
            double gamma = r.nextBoolean() ? 0.25 : 0.1;
            double expected = Double.NEGATIVE_INFINITY;
            for (int mask = 0; mask < 1 << length; mask++) {
                if (Integer.bitCount(mask) > maxAgree) {
                    continue;
                }
                long n = 0;
                long k = 0;
                for (int i = 0; i < length; i++) {
                    if ((mask >>> i & 1) == 0) {
                        n += tokens[i];
                        k += matches[i];
                    }
                }
                expected = Math.max(expected, ExactTails.log10BinomialUpperTail(n, k, gamma));
            }
            double got = AgreementBound.log10PValue(tokens, matches, maxAgree, gamma);
            assertEquals(expected, got, 1e-12 * Math.max(1, Math.abs(expected)), "trial " + trial);
        }
    }

    @Test
    void agreementBound_withNoAgreement_isThePlainBinomialTail() {
        int[] tokens = {10, 20, 30};
        int[] matches = {5, 8, 20};
        assertEquals(ExactTails.log10BinomialUpperTail(60, 33, 0.25), AgreementBound.log10PValue(tokens, matches, 0, 0.25), 1e-12);
        assertTrue(AgreementBound.log10PValue(tokens, matches, 1, 0.25) > ExactTails.log10BinomialUpperTail(60, 33, 0.25));
    }

    @Test
    void orderedStatisticsDecoder_findsTheMaximumLikelihoodCodeword_likeExhaustiveSearch() {
        AccountCode code = new AccountCode(4, 16, 3); // 4,096 codewords: exhaustive ML is cheap
        long accounts = 3000;                          // ids >= 3000 are not accounts
        CodeDecoder decoder = new CodeDecoder(code, accounts, 0.25);
        SplittableRandom r = new SplittableRandom(2);
        int agreeWithMl = 0;
        int decodable = 0;
        int found = 0;
        int trials = 400;
        for (int trial = 0; trial < trials; trial++) {
            long truth = r.nextLong(accounts);
            int[] c = code.encode(truth);
            int[][] votes = new int[16][16];
            double rho = 0.35 + 0.3 * r.nextDouble(); // weak to strong watermarks
            int tokens = 40 + r.nextInt(120);
            for (int t = 0; t < tokens; t++) {
                int slot = r.nextInt(16);
                for (int s = 0; s < 16; s++) {
                    votes[slot][s] += r.nextDouble() < (s == c[slot] ? rho : 0.25) ? 1 : 0;
                }
            }
            long mlBest = -1;
            long mlId = -1;
            for (long id = 0; id < accounts; id++) {
                long s = matches(votes, code.encode(id));
                if (s > mlBest) {
                    mlBest = s;
                    mlId = id;
                }
            }
            CodeDecoder.Decoded d = decoder.decode(votes);
            assertTrue(d.id() >= 0 && d.id() < accounts);
            assertEquals(matches(votes, d.codeword()), d.matches());
            assertArrayEquals(code.encode(d.id()), d.codeword());
            assertTrue(d.matches() <= mlBest);
            agreeWithMl += d.matches() == mlBest ? 1 : 0;
            if (mlId == truth) { // maximum likelihood recovers the account: so must the decoder
                decodable++;
                found += d.id() == truth ? 1 : 0;
            }
        }
        System.out.printf("OSD: true account found in %d of the %d texts where exhaustive ML finds it; ML match count "
                + "reached in %d/%d texts%n", found, decodable, agreeWithMl, trials);
        assertTrue(decodable > trials / 3, decodable + " decodable texts");
        assertTrue(found >= 0.98 * decodable, found + "/" + decodable);
    }

    private static long matches(int[][] votes, int[] codeword) {
        long s = 0;
        for (int i = 0; i < codeword.length; i++) {
            s += votes[i][codeword[i]];
        }
        return s;
    }
}
