package dev.telltale.core;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Service-provider interface that makes a scheme's parameters readable from key files. One per scheme,
 * listed in {@code META-INF/services/dev.telltale.core.SchemeProvider} (append one line per scheme).
 */
public interface SchemeProvider {

    /** The scheme id in key files and on the command line (e.g. {@code kgw}). */
    String schemeId();

    /** Parses the key file's {@code scheme} object; throws IllegalArgumentException with a fixable message. */
    SchemeParameters fromJson(JsonNode node);

    /**
     * The named preset a new key of this scheme gets (keygen without options); its {@code toJson()} fields
     * other than {@code id} are the options keygen may set. Schemes without a preset cannot be made by keygen.
     */
    default SchemeParameters defaults() {
        throw new UnsupportedOperationException("scheme '" + schemeId() + "' has no preset for new keys");
    }
}
