package dev.telltale.corpus.scan;

import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.corpus.scan.internal.ScanRun;
import dev.telltale.detect.Detector;
import java.io.IOException;
import java.util.Map;

/**
 * Scans a corpus for one key's watermark: every document tested on its own (exact p-value, verdict), the
 * corpus tested as a whole (one global dedup tape), the watermarked fraction estimated
 * ({@link WatermarkedFraction}) and the distribution of log10 p drawn. Reading, scoring and writing run in a
 * pipeline with bounded memory; the run checkpoints itself and the same call after a kill resumes, producing
 * the same results file byte for byte.
 *
 * <p>Outputs: {@link ScanOptions#out()} (one JSON line per document:
 * {@code id, source, tokens, tokens_scored, score, p_value, log10_p_value, verdict}), {@link ScanOptions#summary()}
 * and {@link ScanOptions#histogramFile()}.
 */
public final class CorpusScan {
    private CorpusScan() {}

    /** What a scan returns: the summary (as written) and how the run went. */
    public record Report(Map<String, Object> summary, boolean resumed, int checkpoints, int peakBatchesInFlight,
                         int maxBatchesInFlight) {}

    /**
     * Runs (or resumes) a scan.
     *
     * @throws ScanException for inputs or state that do not allow the scan as asked (one-line reason)
     * @throws IOException   when an output cannot be written
     */
    public static Report run(WatermarkKey key, ScanOptions options, ScanListener listener) throws IOException {
        Detector detector = new Detector(key, Tokenizers.forKey(key, options.tokenizerImpl()), options.alpha());
        return run(detector, options, listener);
    }

    /** Runs with a ready detector (its α is used; {@code options.alpha()} must match). */
    public static Report run(Detector detector, ScanOptions options, ScanListener listener) throws IOException {
        if (detector.alpha() != options.alpha()) {
            throw new IllegalArgumentException("detector alpha " + detector.alpha() + " differs from the scan's " + options.alpha());
        }
        ScanRun.Outcome o = ScanRun.run(detector, options, listener);
        return new Report(o.summary(), o.resumed(), o.checkpoints(), o.peakBatchesInFlight(), o.maxBatchesInFlight());
    }
}
