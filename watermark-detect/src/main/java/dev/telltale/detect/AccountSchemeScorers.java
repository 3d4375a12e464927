package dev.telltale.detect;

import dev.telltale.core.AccountCodeParameters;
import dev.telltale.core.AccountKeysParameters;
import dev.telltale.core.AccountScheme;
import dev.telltale.core.WatermarkKey;

/**
 * Plain detection of account-scheme texts: {@link Detector} tests the shared component, which is exactly kgw
 * (γ, δ, h) under the key's tt1 PRF, so {@code detect} needs no account and its p-value is kgw's.
 */
final class AccountSchemeScorers {
    private AccountSchemeScorers() {}

    static TokenScorer sharedComponent(WatermarkKey key) {
        AccountScheme s = (AccountScheme) key.scheme();
        return new KgwScorer(s.gamma(), s.contextWidth(),
                "green token count S of the shared (account-independent) kgw component; p = P(Binomial(T, gamma) >= S)");
    }

    /** Registered through {@code META-INF/services}: {@code kgw-accounts}. */
    public static final class CodeProvider implements ScorerProvider {
        @Override
        public String schemeId() {
            return AccountCodeParameters.ID;
        }

        @Override
        public TokenScorer create(WatermarkKey key) {
            return sharedComponent(key);
        }
    }

    /** Registered through {@code META-INF/services}: {@code kgw-account-keys}. */
    public static final class KeysProvider implements ScorerProvider {
        @Override
        public String schemeId() {
            return AccountKeysParameters.ID;
        }

        @Override
        public TokenScorer create(WatermarkKey key) {
            return sharedComponent(key);
        }
    }
}
