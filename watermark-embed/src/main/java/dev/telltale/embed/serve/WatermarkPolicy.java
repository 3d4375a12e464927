package dev.telltale.embed.serve;

import dev.telltale.core.WatermarkKey;
import dev.telltale.embed.Embedders;
import dev.telltale.embed.LogitsProcessor;

/**
 * Which watermark a request is served with, chosen from its authenticated {@link Caller}: the extension
 * point for per-account watermarks (map the caller's account to an account id and return
 * {@code Embedders.forKey(key, accountId)}).
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

    /** Every request watermarked with {@code key}; one processor per serving thread. */
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
