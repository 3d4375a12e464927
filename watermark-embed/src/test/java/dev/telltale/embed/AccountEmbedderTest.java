package dev.telltale.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.core.AccountCodeParameters;
import dev.telltale.core.AccountKeysParameters;
import dev.telltale.core.AccountPrf;
import dev.telltale.core.AccountScheme;
import dev.telltale.core.Schemes;
import dev.telltale.core.TokenizerRef;
import dev.telltale.core.Tt1Prf;
import dev.telltale.core.WatermarkKey;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The account embed step adds exactly δ on the shared list and δ_a on the account's list, recomputed here from the PRF contract. */
class AccountEmbedderTest {
    private static final TokenizerRef TOK = new TokenizerRef("toy", "0".repeat(64), 20000);

    private static WatermarkKey key(AccountScheme p) {
        byte[] s = new byte[32];
        new SplittableRandom(3).nextBytes(s);
        return WatermarkKey.fromSecret(s, p, TOK, Instant.EPOCH);
    }

    @Test
    void codeScheme_addsDeltaOnSharedGreen_andDeltaAOnTheCarriedSymbolsList() {
        AccountCodeParameters params = new AccountCodeParameters(0.25, 2.0, 2, 0.25, 1.5, 1_000_000, 5, 32);
        WatermarkKey k = key(params);
        long account = 123_456;
        int[] codeword = params.code().encode(account);
        int[] ctx = {7, 11, 42, 99};
        float[] before = randomLogits(1);
        float[] logits = before.clone();
        Embedders.forKey(k, account).process(ctx, 4, logits);

        long s = k.prf().seed(new int[] {42, 99}, 0, 2);
        long a = AccountPrf.of(k).contextSeed(new int[] {42, 99}, 0, 2);
        int slot = AccountPrf.slot(a, 32);
        long listSeed = AccountPrf.symbolSeed(a, slot, codeword[slot]);
        int[] counts = assertBiases(before, logits, s, listSeed, 2.0f, 1.5f);
        assertEquals(0.25, counts[0] / 20000.0, 0.015);
        assertEquals(0.25, counts[1] / 20000.0, 0.015);
        assertEquals(0.0625, counts[2] / 20000.0, 0.01, "the two lists are independent");
    }

    @Test
    void keysScheme_usesTheAccountsHkdfSubkey() {
        WatermarkKey k = key(AccountKeysParameters.V1);
        long account = 999_999;
        int[] ctx = {3, 5};
        float[] before = randomLogits(2);
        float[] logits = before.clone();
        Embedders.forKey(k, account).process(ctx, 2, logits);
        long s = k.prf().seed(ctx, 0, 2);
        long kId = leLong(k.deriveSubkey("telltale/v1/account/" + account, 8));
        long listSeed = AccountPrf.of(k).contextSeed(ctx, 0, 2) ^ kId;
        assertBiases(before, logits, s, listSeed, 2.0f, 2.0f);
    }

    @Test
    void differentAccounts_shareTheSharedList_andGetDifferentAccountLists() {
        WatermarkKey k = key(AccountCodeParameters.V1);
        int[] ctx = {100, 200};
        long s = k.prf().seed(ctx, 0, 2);
        long thr = Tt1Prf.greenThreshold(0.25);
        float[] a = new float[20000];
        float[] b = new float[20000];
        Embedders.forKey(k, 1).process(ctx, 2, a);
        Embedders.forKey(k, 1 << 15).process(ctx, 2, b);
        int differ = 0;
        for (int v = 0; v < a.length; v++) {
            float shared = Tt1Prf.isGreen(Tt1Prf.value(s, v), thr) ? 2f : 0f;
            float accountA = a[v] - shared;
            float accountB = b[v] - shared;
            assertTrue((accountA == 0f || accountA == 2f) && (accountB == 0f || accountB == 2f), "token " + v);
            differ += accountA != accountB ? 1 : 0;
        }
        // two random lists of 25 % differ on 2 · 0.25 · 0.75 = 37.5 % of tokens, unless this context's code
        // position is one of the K − 1 = 3 (at most) where the two codewords agree
        int slot = AccountPrf.slot(AccountPrf.of(k).contextSeed(ctx, 0, 2), 32);
        boolean agree = AccountCodeParameters.V1.code().encode(1)[slot] == AccountCodeParameters.V1.code().encode(1 << 15)[slot];
        if (agree) {
            assertEquals(0, differ);
        } else {
            assertEquals(0.375, differ / 20000.0, 0.02);
        }
    }

    @Test
    void shortContext_isLeftUnbiased_andAccountIsRequired() {
        WatermarkKey k = key(AccountCodeParameters.V1);
        float[] logits = new float[20000];
        Embedders.forKey(k, 5).process(new int[] {5}, 1, logits);
        assertArrayEquals(new float[20000], logits);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Embedders.forKey(k));
        assertTrue(e.getMessage().contains("--account"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Embedders.forKey(k, 1_000_000));
        assertTrue(e.getMessage().contains("[0, 1000000)"), e.getMessage());
        WatermarkKey plain = WatermarkKey.fromSecret(new byte[32], Schemes.KGW_V1, TOK, Instant.EPOCH);
        e = assertThrows(IllegalArgumentException.class, () -> Embedders.forKey(plain, 1));
        assertTrue(e.getMessage().contains("has no accounts"), e.getMessage());
    }

    @Test
    void tokenBias_equalsWhatProcessAdds_soTheMixtureSamplerDrawsTheSameDistribution() {
        WatermarkKey k = key(AccountCodeParameters.V1);
        AccountEmbedder e = (AccountEmbedder) Embedders.forKey(k, 77);
        int[] ctx = {9, 8, 7};
        float[] logits = new float[20000];
        e.process(ctx, 3, logits);
        for (int v = 0; v < logits.length; v++) {
            assertEquals(logits[v], e.bias(ctx, 3, v), 0f, "token " + v);
        }
        assertEquals(4.0f, e.maxBias());
        assertEquals(0f, e.bias(ctx, 1, 5));
    }

    /** Checks each logit moved by exactly δ·shared + δ_a·account; returns {shared, account, both} counts. */
    private static int[] assertBiases(float[] before, float[] after, long s, long listSeed, float delta, float accountDelta) {
        long thr = Tt1Prf.greenThreshold(0.25);
        int[] counts = new int[3];
        for (int v = 0; v < before.length; v++) {
            boolean shared = Tt1Prf.isGreen(Tt1Prf.value(s, v), thr);
            boolean account = Tt1Prf.isGreen(Tt1Prf.value(listSeed, v), thr);
            assertEquals(before[v] + (shared ? delta : 0f) + (account ? accountDelta : 0f), after[v], 1e-5f, "token " + v);
            counts[0] += shared ? 1 : 0;
            counts[1] += account ? 1 : 0;
            counts[2] += shared && account ? 1 : 0;
        }
        return counts;
    }

    private static float[] randomLogits(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] logits = new float[20000];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) r.nextGaussian();
        }
        return logits;
    }

    private static long leLong(byte[] b) {
        long r = 0;
        for (int i = 7; i >= 0; i--) {
            r = (r << 8) | (b[i] & 0xFF);
        }
        return r;
    }
}
