package dev.telltale.core;

import java.util.Map;

/**
 * The immutable, public parameters of one watermarking scheme, as stored in a key file and reported with
 * every detection. Each scheme has its own record implementing this interface and registers its JSON
 * parser in {@link Schemes}.
 */
public interface SchemeParameters {

    /** The scheme id used in key files, CLI flags and reports (e.g. {@code kgw}). */
    String schemeId();

    /** Context width h: how many preceding tokens seed the PRF at each position. */
    int contextWidth();

    /** Parameters as a flat JSON-ready map in a stable order (the key file's {@code scheme} object). */
    Map<String, Object> toJson();
}
