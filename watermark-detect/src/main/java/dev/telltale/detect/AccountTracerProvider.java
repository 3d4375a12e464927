package dev.telltale.detect;

import dev.telltale.core.WatermarkKey;

/**
 * Service-provider interface: one per account scheme, listed in
 * {@code META-INF/services/dev.telltale.detect.AccountTracerProvider}.
 */
public interface AccountTracerProvider {

    String schemeId();

    /** @param alpha level at which a text is attributed, in (0, 1) */
    AccountTracer create(WatermarkKey key, double alpha);
}
