package dev.telltale.detect;

import dev.telltale.core.WatermarkKey;

/**
 * Service-provider interface: one per scheme, listed in
 * {@code META-INF/services/dev.telltale.detect.ScorerProvider}.
 */
public interface ScorerProvider {

    String schemeId();

    TokenScorer create(WatermarkKey key);
}
