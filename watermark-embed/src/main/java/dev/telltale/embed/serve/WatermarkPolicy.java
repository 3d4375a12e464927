package dev.telltale.embed.serve;

import dev.telltale.core.AccountScheme;
import dev.telltale.core.WatermarkKey;
import dev.telltale.embed.Embedders;
import dev.telltale.embed.LogitsProcessor;

/**
 * Which watermark a request is served with, chosen from its authenticated {@link Caller}. {@link #forKey}
 * is what {@code telltale serve-model} uses: the key's processor for every request, or for an account key
 * ({@code kgw-accounts}, {@code kgw-account-keys}) the processor of the caller's account id
 * ({@code Embedders.forKey(key, accountId)}, docs/attribution.md).
 *
 * <p>Called once per request, on the request's thread; the processor returned is used by that thread only
 * for the duration of the request (so a stateful processor may be cached per thread, as {@link #key} does).
 */
@FunctionalInterface
public interface WatermarkPolicy {

    /** The processor for this caller's request, or null to serve unwatermarked text. */
    LogitsProcessor processorFor(Caller caller);

    /** What the server prints at start-up (a key id, never a secret). */
    default String describe() {
        return "custom watermark policy";
    }

    /** Every request unwatermarked. */
    static WatermarkPolicy none() {
        return new WatermarkPolicy() {
            @Override
            public LogitsProcessor processorFor(Caller caller) {
                return null;
            }

            @Override
            public String describe() {
                return "unwatermarked";
            }
        };
    }

    /**
     * The policy serve-model runs with {@code key}: {@link #key} for a key without accounts, else every response
     * watermarked for the caller's account id (each API key must map to an id in the key's space [0, N);
     * checked here, at start-up; processors cached per account, bounded).
     *
     * @throws IllegalArgumentException for an account key without API keys, or a key without an account id or
     *                                  with one outside [0, N) (the message names the line, never the key)
     */
    static WatermarkPolicy forKey(WatermarkKey key, ApiKeys apiKeys) {
        return key.scheme() instanceof AccountScheme ? new AccountPolicy(key, apiKeys, AccountPolicy.DEFAULT_CAPACITY) : key(key);
    }

    /**
     * Every request watermarked with {@code key}; one processor per serving thread. Refuses account keys (their
     * responses must name an account: {@link #forKey}).
     */
    static WatermarkPolicy key(WatermarkKey key) {
        ThreadLocal<LogitsProcessor> perThread = ThreadLocal.withInitial(() -> Embedders.forKey(key));
        perThread.get(); // fail at start-up, not at the first request, if the scheme has no embedder
        return new WatermarkPolicy() {
            @Override
            public LogitsProcessor processorFor(Caller caller) {
                return perThread.get();
            }

            @Override
            public String describe() {
                return "watermarked with key " + key.keyId() + " (" + key.scheme().schemeId() + ")";
            }
        };
    }
}
