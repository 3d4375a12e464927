package dev.telltale.detect;

import dev.telltale.core.WatermarkKey;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Finds the account tracer of a key's scheme. */
public final class AccountTracers {
    private static final Map<String, AccountTracerProvider> PROVIDERS = new TreeMap<>();

    static {
        for (AccountTracerProvider p : ServiceLoader.load(AccountTracerProvider.class, AccountTracers.class.getClassLoader())) {
            PROVIDERS.put(p.schemeId(), p);
        }
    }

    private AccountTracers() {}

    /** True if {@code key}'s scheme names accounts. */
    public static boolean supports(WatermarkKey key) {
        return PROVIDERS.containsKey(key.scheme().schemeId());
    }

    /**
     * The tracer for {@code key}.
     *
     * @param alpha level at which a text is attributed, in (0, 1) (e.g. {@link Detector#DEFAULT_ALPHA})
     * @throws IllegalArgumentException if the key's scheme has no accounts, or alpha is out of range
     */
    public static AccountTracer forKey(WatermarkKey key, double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
        AccountTracerProvider p = PROVIDERS.get(key.scheme().schemeId());
        if (p == null) {
            throw new IllegalArgumentException("key " + key.keyId() + " (scheme " + key.scheme().schemeId()
                    + ") has no accounts to trace; account schemes: " + PROVIDERS.keySet());
        }
        return p.create(key, alpha);
    }
}
