package dev.telltale.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telltale.core.internal.Hkdf;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The account schemes' parameters, key-file round trip, validation, and the account PRF's sub-keys. */
class AccountSchemeParametersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TokenizerRef TOK = new TokenizerRef("test", "00".repeat(32), 1000);

    @Test
    void presets_roundTripThroughTheKeyFileJson_andAreRegistered() {
        for (SchemeParameters p : new SchemeParameters[] {AccountCodeParameters.V1, AccountKeysParameters.V1}) {
            assertTrue(Schemes.ids().contains(p.schemeId()));
            assertEquals(p, Schemes.fromJson(JSON.valueToTree(p.toJson())));
            assertEquals(p, Schemes.preset(p.schemeId()));
        }
        assertEquals(4, AccountCodeParameters.V1.messageSymbols(), "10^6 ids need 20 bits = 4 symbols of 5 bits");
        assertEquals(new KgwParameters(0.25, 2.0, 2), AccountCodeParameters.V1.sharedComponent());
    }

    @Test
    void keygenOptions_areTheKeyFileFields() {
        assertEquals(Set.of("gamma", "delta", "context_width", "account_gamma", "account_delta", "accounts", "symbol_bits",
                "code_length"), Schemes.optionNames("kgw-accounts"));
        AccountCodeParameters p = (AccountCodeParameters) Schemes.withOptions("kgw-accounts",
                Map.of("accounts", 5_000_000_000L, "account_delta", 3.0));
        assertEquals(5_000_000_000L, p.accounts());
        assertEquals(7, p.messageSymbols(), "33 bits");
        assertEquals(p, Schemes.fromJson(JSON.valueToTree(p.toJson())));
        assertEquals(Set.of("gamma", "delta", "context_width", "account_gamma", "account_delta", "accounts"),
                Schemes.optionNames("kgw-account-keys"));
    }

    @Test
    void invalidParameters_sayWhatToFix() {
        assertMessage(() -> new AccountCodeParameters(0.25, 2, 2, 0.25, 2, 1, 5, 32), "accounts", "[2, ");
        assertMessage(() -> new AccountCodeParameters(0.25, 2, 2, 0.25, 2, (1L << 40) + 1, 5, 32), "accounts");
        assertMessage(() -> new AccountCodeParameters(0.25, 2, 2, 0.25, 2, 1000, 5, 33), "code_length", "[4, 32]");
        assertMessage(() -> new AccountCodeParameters(0.25, 2, 2, 0.25, 2, 1L << 40, 4, 16), "code_length", "K = 10");
        assertMessage(() -> new AccountCodeParameters(0.25, 2, 2, 0.25, 2, 1000, 9, 32), "symbol_bits");
        assertMessage(() -> new AccountCodeParameters(0.25, 2, 0, 0.25, 2, 1000, 5, 32), "context width", "[1, 8]");
        assertMessage(() -> new AccountCodeParameters(0.25, 2, 2, 1.0, 2, 1000, 5, 32), "account_gamma");
        assertMessage(() -> new AccountKeysParameters(0.25, 2, 2, 0.25, -1, 1000), "account_delta");
        assertMessage(() -> new AccountKeysParameters(0.25, 2, 2, 0.25, 2, (1L << 26) + 1), "accounts", "kgw-accounts");
        assertMessage(() -> Schemes.fromJson(JSON.valueToTree(Map.of("id", "kgw-account-keys", "gamma", 0.25, "delta", 2,
                "context_width", 2, "account_gamma", 0.25, "account_delta", 2, "accounts", 10.5))), "accounts", "whole number");
        assertMessage(() -> AccountKeysParameters.V1.checkAccount(1_000_000), "[0, 1000000)");
        assertMessage(() -> AccountKeysParameters.V1.checkAccount(-1), "account id");
    }

    @Test
    void accountSubkeys_areTheDesignsHkdfLabels_andExpandOnlyMatchesFullDerivation() {
        WatermarkKey key = WatermarkKey.fromSecret(new byte[32], AccountKeysParameters.V1, TOK, Instant.EPOCH);
        AccountPrf prf = AccountPrf.of(key);
        for (long id : new long[] {0, 1, 12345, 999_999}) {
            byte[] full = key.deriveSubkey("telltale/v1/account/" + id, 8);
            assertEquals(Tt1Prf.leLong(full, 0), prf.accountKey(id));
        }
        long[] keys = new long[3];
        prf.accountKeys(7, keys);
        assertEquals(prf.accountKey(8), keys[1]);
        assertNotEquals(prf.accountKey(0), prf.accountKey(1));
        byte[] k = key.deriveSubkey("telltale/v1/accounts/prf", 16);
        int[] window = {791, 3363};
        assertEquals(dev.telltale.core.internal.SipHash24.hashWords(Tt1Prf.leLong(k, 0), Tt1Prf.leLong(k, 8), window, 0, 2),
                prf.contextSeed(window, 0, 2));
        assertEquals(Hkdf.derive(new byte[32], Hkdf.SALT, "x", 16).length, 16);
        assertTrue(!prf.toString().contains(Long.toHexString(prf.accountKey(0))));
    }

    @Test
    void slots_areUniformOverCodePositions() {
        int[] counts = new int[32];
        java.util.SplittableRandom r = new java.util.SplittableRandom(9);
        int n = 320_000;
        for (int i = 0; i < n; i++) {
            counts[AccountPrf.slot(r.nextLong(), 32)]++;
        }
        double chi2 = 0;
        for (int c : counts) {
            chi2 += (c - n / 32.0) * (c - n / 32.0) / (n / 32.0);
        }
        assertTrue(chi2 < 70, "chi-square " + chi2 + " (31 df; p = 1e-4 at 66.6)"); // 31 df, 1e-4 critical value ≈ 66.6
    }

    private static void assertMessage(Runnable r, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' should mention " + p);
        }
    }
}
