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
}
