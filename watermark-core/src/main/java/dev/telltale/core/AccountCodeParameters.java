package dev.telltale.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * {@code kgw-accounts}: a shared kgw watermark plus a multi-bit account code in the spirit of MPAC [1]
 * (docs/attribution.md). The account id is a message of K = ⌈log2 N / m⌉ symbols of m bits, encoded by a
 * Reed–Solomon code of length L ({@link AccountCode}). At each position the account component's context
 * seed chooses the code position i it carries ({@link AccountPrf#slot}); the list of the codeword's symbol
 * c_i at i ({@link AccountPrf#symbolSeed}) gets +δ_a. Tracing counts, per code position, how many scored
 * tokens fall in each symbol's list, decodes in time linear in the text whatever N, and bounds the chance
 * of naming a wrong account exactly (docs/attribution.md, "The p-value").
 *
 * @param gamma        γ of the shared kgw component
 * @param delta        δ of the shared kgw component
 * @param contextWidth h, window of both components, in [1, 8]
 * @param accountGamma γ_a, fraction of the vocabulary in each symbol's list
 * @param accountDelta δ_a, bias on the carried symbol's list
 * @param accounts     N, account ids are [0, N), N in [2, 2^40]
 * @param symbolBits   m, bits per code symbol (q = 2^m lists per position), in [4, 8]
 * @param codeLength   L, code positions, in [2K, 2^m]
 *
 * <pre>
 * [1] Yoo, Ahn, Kwak. Advancing Beyond Identification: Multi-bit Watermark for Large Language Models. NAACL 2024.
 * </pre>
 */
public record AccountCodeParameters(double gamma, double delta, int contextWidth, double accountGamma,
                                    double accountDelta, long accounts, int symbolBits, int codeLength)
        implements AccountScheme {
    public static final String ID = "kgw-accounts";
    /** Largest account space: 2^40 ids. */
    public static final long MAX_ACCOUNTS = 1L << 40;
    /** Preset: kgw γ 0.25, δ 2, h 2; account lists γ_a 0.25, δ_a 2; 10^6 accounts; RS over GF(32), L = 32. */
    public static final AccountCodeParameters V1 = new AccountCodeParameters(0.25, 2.0, 2, 0.25, 2.0, 1_000_000, 5, 32);

    public AccountCodeParameters {
        AccountFields.requireCommon(gamma, delta, contextWidth, accountGamma, accountDelta);
        AccountFields.requireAccounts(accounts, 2, MAX_ACCOUNTS, "");
        if (symbolBits < 4 || symbolBits > 8) {
            throw new IllegalArgumentException("symbol_bits must be in [4, 8], got " + symbolBits);
        }
        int k = messageSymbols(accounts, symbolBits);
        if (codeLength < 2 * k || codeLength > (1 << symbolBits)) {
            throw new IllegalArgumentException("code_length must be in [2K, 2^symbol_bits] = [" + 2 * k + ", "
                    + (1 << symbolBits) + "] for " + accounts + " accounts (K = " + k + " symbols of " + symbolBits
                    + " bits), got " + codeLength);
        }
    }

    /** K: message symbols needed for ids in [0, N). */
    public int messageSymbols() {
        return messageSymbols(accounts, symbolBits);
    }

    /** The account code these parameters define. */
    public AccountCode code() {
        return new AccountCode(symbolBits, codeLength, messageSymbols());
    }

    private static int messageSymbols(long accounts, int symbolBits) {
        int idBits = 64 - Long.numberOfLeadingZeros(accounts - 1);
        return Math.max(1, (idBits + symbolBits - 1) / symbolBits);
    }

    @Override
    public String schemeId() {
        return ID;
    }

    @Override
    public AccountListSeed listSeeds(AccountPrf prf, long accountId) {
        checkAccount(accountId);
        int[] codeword = code().encode(accountId);
        int length = codeLength;
        return a -> {
            int slot = AccountPrf.slot(a, length);
            return AccountPrf.symbolSeed(a, slot, codeword[slot]);
        };
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = AccountFields.commonJson(this);
        m.put("symbol_bits", symbolBits);
        m.put("code_length", codeLength);
        return m;
    }

    /** Registered through {@code META-INF/services}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public String schemeId() {
            return ID;
        }

        @Override
        public SchemeParameters fromJson(JsonNode n) {
            return new AccountCodeParameters(Schemes.number(n, "gamma"), Schemes.number(n, "delta"),
                    SchemeFields.integer(n, "context_width"), Schemes.number(n, "account_gamma"),
                    Schemes.number(n, "account_delta"), AccountFields.wholeNumber(n, "accounts"),
                    SchemeFields.integer(n, "symbol_bits"), SchemeFields.integer(n, "code_length"));
        }

        @Override
        public SchemeParameters defaults() {
            return V1;
        }
    }
}
