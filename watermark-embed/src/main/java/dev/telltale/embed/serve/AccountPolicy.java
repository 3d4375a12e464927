package dev.telltale.embed.serve;

import dev.telltale.core.AccountScheme;
import dev.telltale.core.WatermarkKey;
import dev.telltale.embed.Embedders;
import dev.telltale.embed.LogitsProcessor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The watermark policy of an account key ({@code kgw-accounts}, {@code kgw-account-keys}): every response is
 * watermarked with {@code Embedders.forKey(key, accountId)} for the caller's account id from the API-keys
 * file (docs/attribution.md), so a leaked text names the account it was served to.
 *
 * <p>Processors are cached per account id in a bounded LRU map ({@link #DEFAULT_CAPACITY} accounts). An
 * account's processor ({@code AccountEmbedder}) is immutable and thread-safe, so one instance serves every
 * thread; measured on this project's 2-core VM it takes about 5 µs to build and holds about 320 bytes
 * ({@code kgw-accounts}; 170 for {@code kgw-account-keys}), so the cache saves a little work per request
 * and the bound keeps a server with millions of API keys at a few MB. The lock is held only for a map
 * lookup or insertion; a miss builds outside it (two threads missing on one account build twice, harmlessly).
 */
final class AccountPolicy implements WatermarkPolicy {
    /** Accounts whose processors are kept (about 1.3 MB of kgw-accounts processors). */
    static final int DEFAULT_CAPACITY = 4096;
    private final WatermarkKey key;
    private final AccountScheme scheme;
    private final long mappedAccounts;
    private final Map<Long, LogitsProcessor> cache;

    /**
     * @throws IllegalArgumentException if the key has no accounts, there are no API keys, or a key has no
     *                                  account id or one outside the key's space (naming its line)
     */
    AccountPolicy(WatermarkKey key, ApiKeys apiKeys, int capacity) {
        if (!(key.scheme() instanceof AccountScheme s)) {
            throw new IllegalArgumentException("key " + key.keyId() + " (" + key.scheme().schemeId() + ") has no accounts");
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("cache capacity must be >= 1, got " + capacity);
        }
        String what = "key " + key.keyId() + " (" + s.schemeId() + ", " + s.accounts() + " accounts)";
        if (!apiKeys.required()) {
            throw new IllegalArgumentException(what + " watermarks every response for its account: serving it needs API keys "
                    + "mapped to account ids (an API-keys file of 'KEY ACCOUNT ACCOUNT_ID' lines)");
        }
        apiKeys.requireAccountIds(s.accounts(), what);
        this.key = key;
        this.scheme = s;
        this.mappedAccounts = apiKeys.accountIds();
        this.cache = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, LogitsProcessor> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public LogitsProcessor processorFor(Caller caller) {
        Long id = caller.accountId();
        if (id == null || id >= scheme.accounts()) {
            // only reachable when the server's API keys are not the ones this policy checked at start-up:
            // refuse rather than serve a text that names no account (or a wrong one)
            throw new OpenAiException(403, "permission_error", null, "account_not_mapped",
                    "This API key is not mapped to an account of the served watermark.");
        }
        LogitsProcessor p;
        synchronized (cache) {
            p = cache.get(id);
        }
        if (p == null) {
            p = Embedders.forKey(key, id);
            synchronized (cache) {
                cache.put(id, p);
            }
        }
        return p;
    }

    /** Processors held now (at most the capacity). */
    int cached() {
        synchronized (cache) {
            return cache.size();
        }
    }

    @Override
    public String describe() {
        return "watermarked with key " + key.keyId() + " (" + scheme.schemeId() + "), each response for its API key's account ("
                + mappedAccounts + " account id(s) of " + scheme.accounts() + ")";
    }
}
