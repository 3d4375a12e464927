package dev.telltale.core;

/**
 * A scheme whose texts name the serving account (docs/attribution.md): every response served to account
 * {@code a} carries two components, each with its own PRF sub-key, biased at every position:
 *
 * <ul>
 *   <li>the <b>shared</b> component, account-independent: exactly {@code kgw} with γ, δ and h under the
 *       key's tt1 PRF ({@link #sharedComponent()}), so plain {@code detect} works and a student trained on
 *       a mixture of many accounts' outputs still learns one watermark;</li>
 *   <li>the <b>account</b> component: +δ_a on a γ_a-fraction list that depends on the context window and on
 *       the account ({@link #listSeeds}); tracing names the account.</li>
 * </ul>
 *
 * Logits become l_v + δ·[v shared-green] + δ_a·[v in the account list]. The two lists come from
 * independent keys, so each component's null distribution is untouched by the other.
 */
public sealed interface AccountScheme extends SchemeParameters permits AccountCodeParameters, AccountKeysParameters {

    /** γ of the shared component. */
    double gamma();

    /** δ of the shared component. */
    double delta();

    /** γ_a: the fraction of the vocabulary in the account list at each position. */
    double accountGamma();

    /** δ_a: the logit bias on the account list. */
    double accountDelta();

    /** N: the size of the account space; account ids are [0, N). */
    long accounts();

    /** The shared component as plain KGW parameters (what {@code detect} tests). */
    default KgwParameters sharedComponent() {
        return new KgwParameters(gamma(), delta(), contextWidth());
    }

    /** The account list's seed at each context for account {@code accountId}, under {@code prf}. */
    AccountListSeed listSeeds(AccountPrf prf, long accountId);

    /** Throws with a fixable message unless {@code accountId} is in [0, N). */
    default void checkAccount(long accountId) {
        if (accountId < 0 || accountId >= accounts()) {
            throw new IllegalArgumentException("account id must be in [0, " + accounts() + ") for this key, got "
                    + accountId);
        }
    }
}
