package dev.telltale.embed;

import dev.telltale.core.WatermarkKey;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Finds the embed step of a key's scheme. */
public final class Embedders {
    private static final Map<String, EmbedderProvider> PROVIDERS = new TreeMap<>();

    static {
        for (EmbedderProvider p : ServiceLoader.load(EmbedderProvider.class, Embedders.class.getClassLoader())) {
            PROVIDERS.put(p.schemeId(), p);
        }
    }

    private Embedders() {}

    /** The watermark's logits processor for {@code key}. */
    public static LogitsProcessor forKey(WatermarkKey key) {
        EmbedderProvider p = PROVIDERS.get(key.scheme().schemeId());
        if (p == null) {
            throw new IllegalArgumentException("no embedder for scheme '" + key.scheme().schemeId()
                    + "'; available: " + PROVIDERS.keySet());
        }
        return p.create(key);
    }

    /**
     * The embed step of an account key ({@code kgw-accounts}, {@code kgw-account-keys}) for the account
     * {@code accountId} a response is served to: the shared watermark plus that account's component
     * (docs/attribution.md). Serving stacks map each API key to an account id and call this once per account
     * (the processor is immutable and thread-safe; keep it with the account).
     *
     * @throws IllegalArgumentException if the key has no accounts or the id is outside [0, N)
     */
    public static LogitsProcessor forKey(WatermarkKey key, long accountId) {
        return AccountEmbedder.create(key, accountId);
    }
}
