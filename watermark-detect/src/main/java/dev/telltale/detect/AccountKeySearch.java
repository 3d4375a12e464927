package dev.telltale.detect;

import dev.telltale.core.AccountKeysParameters;
import dev.telltale.core.AccountPrf;
import dev.telltale.core.ExactTails;
import dev.telltale.core.Tt1Prf;
import dev.telltale.core.WatermarkKey;
import dev.telltale.core.internal.Simd;
import dev.telltale.core.internal.VectorAccountCounts;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Traces {@code kgw-account-keys} texts by scoring them under every account's sub-key of the registry
 * [0, N) and keeping the best (design 1 of docs/attribution.md):
 *
 * <pre>
 * S_id = #{scored pairs t : green_γa(u(a_t XOR k_id, x_t))}          one 64-bit mix per (account, pair)
 * p    = min(1, N · P(Binomial(T, γ_a) ≥ max_id S_id))               Bonferroni over the registry
 * </pre>
 * Every other account's list is keyed by its own sub-key, independent of a text generated for any account,
 * so each S_id of a wrong account is exactly Binomial(T, γ_a) and the union bound is the whole argument.
 * Cost O(N · T): the N sub-keys (one HMAC each) are derived once per tracer, in parallel, on the first trace;
 * the search runs on the common fork-join pool, eight accounts per vector when the Vector API is available
 * ({@link VectorAccountCounts}). Thread-safe.
 */
final class AccountKeySearch implements AccountTracer {
    static final String METHOD = "registry-search";
    private static final int CHUNK = 1 << 14;
    private final String keyId;
    private final AccountKeysParameters params;
    private final AccountPrf prf;
    private final long threshold;
    private final int vocabSize;
    private final double alpha;
    private volatile long[] accountKeys; // [N] k_id, built on first use

    AccountKeySearch(WatermarkKey key, AccountKeysParameters params, double alpha) {
        this.keyId = key.keyId();
        this.params = params;
        this.prf = AccountPrf.of(key);
        this.threshold = Tt1Prf.greenThreshold(params.accountGamma());
        this.vocabSize = key.tokenizer().vocabSize();
        this.alpha = alpha;
    }

    /** The scored pairs of a text: context seeds, tokens and tt1 offsets (x + 1)·φ, each (window, token) pair once. */
    private record Pairs(long[] seeds, int[] tokens, long[] offsets, int scored) {}

    private Pairs pairs(int[] ids) {
        int h = params.contextWidth();
        PairTape tape = new PairTape(Math.max(vocabSize, Detector.maxId(ids) + 1), h);
        long[] seeds = new long[ids.length]; // [T] a_t of the scored pairs
        int[] tokens = new int[ids.length];  // [T] x_t
        int scored = 0;
        for (int t = h; t < ids.length; t++) {
            if (tape.add(ids, t + 1)) {
                seeds[scored] = prf.contextSeed(ids, t - h, t);
                tokens[scored++] = ids[t];
            }
        }
        long[] offsets = new long[scored];
        for (int i = 0; i < scored; i++) {
            offsets[i] = (tokens[i] + 1L) * 0x9E3779B97F4A7C15L; // u(s, v) = mix(s + (v + 1)·φ), tt1
        }
        return new Pairs(seeds, tokens, offsets, scored);
    }

    @Override
    public AccountAttribution trace(int[] ids) {
        Pairs p = pairs(ids);
        long[] keys = keys();
        long best = p.scored() == 0 ? -1 : IntStream.range(0, (keys.length + CHUNK - 1) / CHUNK).parallel()
                .mapToLong(c -> bestIn(keys, c * CHUNK, Math.min(keys.length, (c + 1) * CHUNK), p))
                .max().orElse(-1);
        long id = best < 0 ? -1 : Integer.MAX_VALUE - (best & 0xFFFFFFFFL); // unpack: see bestIn
        long matches = best < 0 ? 0 : best >>> 32;
        double log10p = best < 0 ? 0 : Math.min(0, Math.log10(params.accounts())
                + ExactTails.log10BinomialUpperTail(p.scored(), matches, params.accountGamma()));
        return new AccountAttribution(keyId, params.schemeId(), METHOD, params.accounts(), ids.length, p.scored(), id,
                matches, log10p, alpha, details("account_space", keys.length));
    }

    @Override
    public AccountAttribution testAccount(int[] ids, long accountId) {
        params.checkAccount(accountId);
        Pairs p = pairs(ids);
        long matches = count(prf.accountKey(accountId), p);
        double log10p = ExactTails.log10BinomialUpperTail(p.scored(), matches, params.accountGamma());
        return new AccountAttribution(keyId, params.schemeId(), METHOD, params.accounts(), ids.length, p.scored(),
                accountId, matches, log10p, alpha, details("none", 0));
    }

    private static Map<String, Object> details(String correction, int searched) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("correction", correction);
        if (searched > 0) {
            m.put("accounts_searched", searched);
        }
        return m;
    }

    /** S of the account with sub-key {@code k}. */
    private int count(long k, Pairs p) {
        long[] seeds = p.seeds();
        int[] tokens = p.tokens();
        int s = 0;
        for (int t = 0; t < p.scored(); t++) {
            s += (int) (((Tt1Prf.value(AccountPrf.keyedSeed(seeds[t], k), tokens[t]) >>> 11) - threshold) >>> 63);
        }
        return s;
    }

    /**
     * The best account in [from, to) packed as (S << 32) | (Integer.MAX_VALUE − id), so that the largest packed
     * value has the largest S and, among equal S, the smallest id.
     */
    private long bestIn(long[] keys, int from, int to, Pairs p) {
        int[] counts = new int[to - from];
        int id = Simd.AVAILABLE
                ? VectorAccountCounts.count(keys, from, to, p.seeds(), p.offsets(), p.scored(), threshold, counts) : from;
        for (; id < to; id++) {
            counts[id - from] = count(keys[id], p);
        }
        long best = -1;
        for (int i = 0; i < counts.length; i++) {
            best = Math.max(best, ((long) counts[i] << 32) | (Integer.MAX_VALUE - (from + i)));
        }
        return best;
    }

    /** The registry's sub-keys, derived once (N HMACs, in parallel). */
    private long[] keys() {
        long[] k = accountKeys;
        if (k == null) {
            synchronized (this) {
                k = accountKeys;
                if (k == null) {
                    long[] table = new long[Math.toIntExact(params.accounts())];
                    IntStream.range(0, table.length).parallel().forEach(i -> table[i] = prf.accountKey(i));
                    accountKeys = k = table;
                }
            }
        }
        return k;
    }

    /** Registered through {@code META-INF/services}. */
    public static final class Provider implements AccountTracerProvider {
        @Override
        public String schemeId() {
            return AccountKeysParameters.ID;
        }

        @Override
        public AccountTracer create(WatermarkKey key, double alpha) {
            return new AccountKeySearch(key, (AccountKeysParameters) key.scheme(), alpha);
        }
    }
}
