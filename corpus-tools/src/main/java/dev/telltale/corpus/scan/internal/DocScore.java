package dev.telltale.corpus.scan.internal;

import dev.telltale.detect.Detection;

/**
 * A document's detection plus what the summary needs from it: w = P(p̃ &gt; λ | s) for the watermarked-fraction
 * estimate and the packed (window, token) keys for the pooled test (null when the scheme is not pooled).
 */
record DocScore(Detection detection, double aboveLambda, long[] tupleKeys) {}
