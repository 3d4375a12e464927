package dev.telltale.corpus.simulate;

import dev.telltale.core.AccountCodeParameters;
import dev.telltale.core.AccountKeysParameters;
import dev.telltale.core.AccountScheme;
import dev.telltale.core.SchemeParameters;
import dev.telltale.core.Schemes;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a distillation simulation does and at what size.
 *
 * @param scheme        the teacher's watermark (per-pair schemes: kgw, unigram, gumbel)
 * @param fraction      share of the student's training tokens that are harvested watermarked answers, in [0, 1]
 * @param seed          everything random: the Brown split, the key, prompts, sampling
 * @param humanShare    share of the human half of Brown the students train on (1 = about 640k tokens)
 * @param answerTokens  tokens per harvested answer (one answer per prompt)
 * @param testTokens    output tokens the closed-model test asks each suspect for
 * @param testMaxTokens tokens per test request
 * @param studentOrder  n-gram order of the students (at least h + 1 so they can learn a window's green list)
 * @param testStudent   test the student trained on the harvest
 * @param testControl   test the control student (same recipe with an unwatermarked harvest)
 * @param filter        score only windows of the data we served (the harvest), as the supervised setting of [1]
 * @param accounts      0, or harvest through this many accounts of an account key ({@code kgw-accounts},
 *                      {@code kgw-account-keys}): one answer per account, each sent with the account's own API
 *                      key; the student trains on them plus the human text, and {@code fraction} is not used
 *                      (the measured share is reported)
 */
public record SimulationConfig(SchemeParameters scheme, double fraction, long seed, double humanShare, int answerTokens,
                               long testTokens, int testMaxTokens, int studentOrder, boolean testStudent, boolean testControl,
                               boolean filter, int accounts) {
    /** The fraction whose harvest size a 0 % run still harvests (the data we served, for the filter). */
    public static final double SERVED_FRACTION_AT_ZERO = 0.05;
    /** Tokens per answer when harvesting through accounts: long enough to trace one answer among 10^6 accounts. */
    public static final int ACCOUNT_ANSWER_TOKENS = 256;
    /** Most accounts a simulation harvests through. */
    public static final int MAX_ACCOUNTS = 100_000;
    private static final Set<String> SCHEMES = Set.of("kgw", "unigram", "gumbel", AccountCodeParameters.ID, AccountKeysParameters.ID);

    public SimulationConfig {
        if (!SCHEMES.contains(scheme.schemeId())) {
            throw new IllegalArgumentException("the simulation supports schemes " + new TreeSet<>(SCHEMES) + ", not "
                    + scheme.schemeId());
        }
        if (scheme instanceof AccountScheme s) {
            if (accounts < 1 || accounts > Math.min(MAX_ACCOUNTS, s.accounts())) {
                throw new IllegalArgumentException("the simulation with " + s.schemeId() + " harvests through 1 to "
                        + Math.min(MAX_ACCOUNTS, s.accounts()) + " accounts, got " + accounts);
            }
        } else if (accounts != 0) {
            throw new IllegalArgumentException("harvesting through accounts needs an account scheme (" + AccountCodeParameters.ID
                    + " or " + AccountKeysParameters.ID + "), not " + scheme.schemeId());
        }
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("watermarked fraction must be in [0, 1], got " + fraction);
        }
        if (answerTokens < 4 || answerTokens > 4096) {
            throw new IllegalArgumentException("answer tokens must be in [4, 4096], got " + answerTokens);
        }
        if (!(humanShare > 0 && humanShare <= 1) || testTokens < testMaxTokens || testMaxTokens < 4) {
            throw new IllegalArgumentException("bad simulation sizes");
        }
        if (studentOrder < 2 || studentOrder > 5) {
            throw new IllegalArgumentException("student order must be in [2, 5], got " + studentOrder);
        }
    }

    /**
     * The default recipe: all human text, 24-token answers, students of order max(3, h + 1), tests of 400k
     * output tokens (quick) or 1.5M ({@code full}) in 48-token requests, with the filter (not for unigram:
     * without a window the filter would select the scored tokens themselves).
     */
    public static SimulationConfig of(String schemeId, double fraction, long seed, boolean full) {
        return recipe(schemeId, fraction, seed, full, 24, 0);
    }

    /**
     * The recipe harvesting through {@code accounts} accounts of an account scheme's preset key (10^6-account
     * space): one answer of {@code answerTokens} tokens per account, sent with that account's API key; all the
     * human text; otherwise as {@link #of}.
     */
    public static SimulationConfig throughAccounts(String schemeId, int accounts, int answerTokens, long seed, boolean full) {
        return recipe(schemeId, 0.0, seed, full, answerTokens, accounts);
    }

    private static SimulationConfig recipe(String schemeId, double fraction, long seed, boolean full, int answerTokens,
                                           int accounts) {
        SchemeParameters s = Schemes.preset(schemeId);
        int h = s.toJson().get("context_width") instanceof Number n ? n.intValue() : 0;
        return new SimulationConfig(s, fraction, seed, 1.0, answerTokens, full ? 1_500_000 : 400_000, 48, Math.max(3, h + 1),
                true, true, h > 0, accounts);
    }

    public SimulationConfig withSizes(double share, long tokensPerTest) {
        return new SimulationConfig(scheme, fraction, seed, share, answerTokens, tokensPerTest, testMaxTokens, studentOrder,
                testStudent, testControl, filter, accounts);
    }

    public SimulationConfig withTests(boolean student, boolean control) {
        return new SimulationConfig(scheme, fraction, seed, humanShare, answerTokens, testTokens, testMaxTokens, studentOrder,
                student, control, filter, accounts);
    }

    public SimulationConfig withAnswerTokens(int tokens) {
        return new SimulationConfig(scheme, fraction, seed, humanShare, tokens, testTokens, testMaxTokens, studentOrder,
                testStudent, testControl, filter, accounts);
    }

    public SimulationConfig withFilter(boolean on) {
        return new SimulationConfig(scheme, fraction, seed, humanShare, answerTokens, testTokens, testMaxTokens, studentOrder,
                testStudent, testControl, on, accounts);
    }

    /** True when the teacher is served through accounts (one answer per account). */
    public boolean throughAccounts() {
        return accounts > 0;
    }
}
