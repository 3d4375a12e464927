package dev.telltale.detect.radioactivity;

/**
 * One point of the p-value against the number of scored pairs: after the first {@code pairs} distinct
 * (window, token) pairs (in the order outputs were pooled), the exact p-value was 10^{@code log10P}.
 */
public record SeriesPoint(long pairs, double log10P) {}
