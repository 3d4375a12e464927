package dev.telltale.embed;

import dev.telltale.core.WatermarkKey;

/**
 * Service-provider interface: one implementation per scheme, found through {@link java.util.ServiceLoader}
 * (listed in {@code META-INF/services/dev.telltale.embed.EmbedderProvider}).
 */
public interface EmbedderProvider {

    /** The scheme id this provider embeds (e.g. {@code kgw}). */
    String schemeId();

    /** A logits processor applying {@code key}'s watermark. */
    LogitsProcessor create(WatermarkKey key);
}
