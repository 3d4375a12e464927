package dev.telltale.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * {@code kgw-account-keys}: a shared kgw watermark plus one sub-key per account (docs/attribution.md).
 * Account {@code id}'s list at each context is keyed by k_id = HKDF(secret, "telltale/v1/account/" + id)
 * ({@link AccountPrf#keyedSeed}); tracing scores the text under every account of the registry [0, N) and
 * Bonferroni-corrects the best: cost O(N · T), exact null for every other account (their lists are
 * independent of the text).
 *
 * @param gamma        γ of the shared kgw component
 * @param delta        δ of the shared kgw component
 * @param contextWidth h, window of both components, in [1, 8]
 * @param accountGamma γ_a, fraction of the vocabulary in an account's list
 * @param accountDelta δ_a, bias on the account's list
 * @param accounts     N, the registry: account ids [0, N), N in [1, 2^26] (the tracer holds N sub-keys)
 */
public record AccountKeysParameters(double gamma, double delta, int contextWidth, double accountGamma,
                                    double accountDelta, long accounts) implements AccountScheme {
    public static final String ID = "kgw-account-keys";
    /** Largest registry: 2^26 accounts (a 512 MiB table of sub-keys when tracing). */
    public static final long MAX_ACCOUNTS = 1L << 26;
    /** Preset: kgw γ 0.25, δ 2, h 2; account lists γ_a 0.25, δ_a 2; 10^6 accounts. */
    public static final AccountKeysParameters V1 = new AccountKeysParameters(0.25, 2.0, 2, 0.25, 2.0, 1_000_000);

    public AccountKeysParameters {
        AccountFields.requireCommon(gamma, delta, contextWidth, accountGamma, accountDelta);
        AccountFields.requireAccounts(accounts, 1, MAX_ACCOUNTS, " (tracing searches every sub-key; use kgw-accounts"
                + " for larger account spaces)");
    }

    @Override
    public String schemeId() {
        return ID;
    }

    @Override
    public AccountListSeed listSeeds(AccountPrf prf, long accountId) {
        checkAccount(accountId);
        long k = prf.accountKey(accountId);
        return a -> AccountPrf.keyedSeed(a, k);
    }

    @Override
    public Map<String, Object> toJson() {
        return AccountFields.commonJson(this);
    }

    /** Registered through {@code META-INF/services}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public String schemeId() {
            return ID;
        }

        @Override
        public SchemeParameters fromJson(JsonNode n) {
            return new AccountKeysParameters(Schemes.number(n, "gamma"), Schemes.number(n, "delta"),
                    SchemeFields.integer(n, "context_width"), Schemes.number(n, "account_gamma"),
                    Schemes.number(n, "account_delta"), AccountFields.wholeNumber(n, "accounts"));
        }

        @Override
        public SchemeParameters defaults() {
            return V1;
        }
    }
}
