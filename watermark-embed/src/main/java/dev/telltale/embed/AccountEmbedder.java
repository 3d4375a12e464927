package dev.telltale.embed;

import dev.telltale.core.AccountCodeParameters;
import dev.telltale.core.AccountKeysParameters;
import dev.telltale.core.AccountListSeed;
import dev.telltale.core.AccountPrf;
import dev.telltale.core.AccountScheme;
import dev.telltale.core.Tt1Prf;
import dev.telltale.core.WatermarkKey;

/**
 * The embed step of an account scheme ({@code kgw-accounts}, {@code kgw-account-keys}) for one account:
 * at every position with a full window of h tokens, +δ on the shared kgw green list and +δ_a on the
 * account's list ({@link AccountScheme}, docs/attribution.md):
 *
 * <pre>
 * s = tt1 seed(window)         a = account context seed(window)        ℓ = account list seed(a)
 * logit[v] += δ · [green_γ(u(s, v))] + δ_a · [green_γa(u(ℓ, v))]
 * </pre>
 *
 * Two SipHashes per step and two full-vocabulary green-bias passes ({@link Tt1Prf#addGreenBias}, SIMD when
 * available); no allocation. As a {@link TokenBias} (bias ≤ δ + δ_a) it also serves the exact mixture-path
 * sampler of n-gram models. Contexts shorter than h are not biased (nor scored). Immutable and thread-safe.
 */
public final class AccountEmbedder implements LogitsProcessor, TokenBias {
    private final Tt1Prf prf;
    private final AccountPrf accountPrf;
    private final AccountListSeed listSeeds;
    private final long accountId;
    private final int contextWidth;
    private final long threshold;
    private final long accountThreshold;
    private final float delta;
    private final float accountDelta;

    private AccountEmbedder(WatermarkKey key, AccountScheme scheme, long accountId) {
        this.prf = key.prf();
        this.accountPrf = AccountPrf.of(key);
        this.listSeeds = scheme.listSeeds(accountPrf, accountId);
        this.accountId = accountId;
        this.contextWidth = scheme.contextWidth();
        this.threshold = Tt1Prf.greenThreshold(scheme.gamma());
        this.accountThreshold = Tt1Prf.greenThreshold(scheme.accountGamma());
        this.delta = (float) scheme.delta();
        this.accountDelta = (float) scheme.accountDelta();
    }

    /**
     * The embed step of account {@code accountId} under {@code key}.
     *
     * @throws IllegalArgumentException if the key's scheme has no accounts or the id is outside [0, N)
     */
    public static AccountEmbedder create(WatermarkKey key, long accountId) {
        if (!(key.scheme() instanceof AccountScheme scheme)) {
            throw new IllegalArgumentException("key " + key.keyId() + " (scheme " + key.scheme().schemeId()
                    + ") has no accounts; make one with keygen --scheme " + AccountCodeParameters.ID + " or "
                    + AccountKeysParameters.ID);
        }
        return new AccountEmbedder(key, scheme, accountId);
    }

    /** The account this step marks. */
    public long accountId() {
        return accountId;
    }

    @Override
    public void process(int[] context, int length, float[] logits) {
        if (length < contextWidth) {
            return;
        }
        Tt1Prf.addGreenBias(prf.seed(context, length - contextWidth, length), threshold, delta, logits);
        long l = listSeeds.listSeed(accountPrf.contextSeed(context, length - contextWidth, length));
        Tt1Prf.addGreenBias(l, accountThreshold, accountDelta, logits);
    }

    @Override
    public float maxBias() {
        return delta + accountDelta;
    }

    @Override
    public boolean prepare(int[] context, int length, long[] state) {
        if (length < contextWidth) {
            return false;
        }
        state[0] = prf.seed(context, length - contextWidth, length);
        state[1] = listSeeds.listSeed(accountPrf.contextSeed(context, length - contextWidth, length));
        return true;
    }

    @Override
    public float bias(long[] state, int token) {
        return Tt1Prf.greenBit(Tt1Prf.value(state[0], token), threshold) * delta
                + Tt1Prf.greenBit(Tt1Prf.value(state[1], token), accountThreshold) * accountDelta;
    }

    @Override
    public String toString() {
        return "AccountEmbedder[account=" + accountId + "]";
    }

    /**
     * {@link Embedders#forKey(WatermarkKey)} on an account key: refused, since every response must name its
     * account ({@link Embedders#forKey(WatermarkKey, long)}).
     */
    static LogitsProcessor refuseWithoutAccount(WatermarkKey key) {
        throw new IllegalArgumentException("key " + key.keyId() + " is an account key (" + key.scheme().schemeId()
                + "): its embed step needs the serving account's id (Embedders.forKey(key, accountId); generate --account ID)");
    }

    /** Registered through {@code META-INF/services}: {@code kgw-accounts}. */
    public static final class CodeProvider implements EmbedderProvider {
        @Override
        public String schemeId() {
            return AccountCodeParameters.ID;
        }

        @Override
        public LogitsProcessor create(WatermarkKey key) {
            return refuseWithoutAccount(key);
        }
    }

    /** Registered through {@code META-INF/services}: {@code kgw-account-keys}. */
    public static final class KeysProvider implements EmbedderProvider {
        @Override
        public String schemeId() {
            return AccountKeysParameters.ID;
        }

        @Override
        public LogitsProcessor create(WatermarkKey key) {
            return refuseWithoutAccount(key);
        }
    }
}
