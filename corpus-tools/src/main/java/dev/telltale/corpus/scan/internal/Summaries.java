package dev.telltale.corpus.scan.internal;

import dev.telltale.corpus.scan.ScanOptions;
import dev.telltale.corpus.scan.WatermarkedFraction;
import dev.telltale.detect.Detector;
import dev.telltale.detect.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The scan summary JSON (contract in corpus-tools/README.md) and its histogram PNG. */
final class Summaries {
    static final String FORMAT = "telltale-scan-summary/v1";

    private Summaries() {}

    static Map<String, Object> build(Detector detector, ScanOptions o, List<InputFile> files, Tally t, TupleLog pool,
                                     PooledKeys keys, long startedNanos, boolean resumed, long resultsBytes) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.putAll(detector.result(0, 0, 0).provenanceJson());
        m.put("alpha", o.alpha());
        long bytes = files.stream().mapToLong(InputFile::size).sum();
        m.put("inputs", Map.of("files", files.size(), "bytes", bytes));
        m.put("results", o.out().toString());
        m.put("results_bytes", resultsBytes);
        m.put("documents_scanned", t.documents);
        m.put("documents_skipped", t.skippedTotal());
        m.put("records_not_documents", t.ignored);
        Map<String, Long> byReason = new LinkedHashMap<>();
        t.skipped.forEach((r, n) -> byReason.put(r.json(), n));
        m.put("skipped_by_reason", byReason);
        m.put("skipped_listed", t.listed);
        m.put("skipped_listed_limit", Tally.MAX_LISTED);
        Map<String, Long> verdicts = new LinkedHashMap<>();
        for (Verdict v : Verdict.values()) {
            verdicts.put(v.json(), t.verdicts.getOrDefault(v, 0L));
        }
        m.put("verdicts", verdicts);
        m.put("detected_at_alpha", t.verdicts.getOrDefault(Verdict.WATERMARKED, 0L));
        m.put("tokens_total", t.tokensTotal);
        m.put("tokens_scored_sum", t.tokensScored);
        m.put("pooled", pooled(detector, t, pool, keys, o));
        m.put("watermarked_fraction", WatermarkedFraction.estimate(t.fractionDocuments, t.fractionSumAbove).toJson());
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("png", o.histogramFile().toString());
        h.put("bin_width_decades", Tally.BIN_WIDTH);
        h.put("counts", trimmed(t.histogram));
        m.put("log10_p_histogram", h);
        double secs = (System.nanoTime() - startedNanos) / 1e9;
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("threads", o.threads());
        run.put("resumed", resumed);
        run.put("elapsed_seconds", secs);
        m.put("run", run);
        return m;
    }

    /**
     * The dataset-level test: each distinct key of the whole corpus ({@link PooledKeys}: (window, token) tuples,
     * or a sequence scheme's units) scored once, keys in ascending order, one exact tail over (tokens, T, S), as
     * {@code PooledDetector} defines it.
     */
    private static Map<String, Object> pooled(Detector detector, Tally t, TupleLog pool, PooledKeys keys, ScanOptions o)
            throws IOException {
        if (pool == null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("supported", false);
            m.put("reason", "scheme '" + detector.key().scheme().schemeId() + "' scores whole sequences and defines no "
                    + "pooled units");
            return m;
        }
        double[] score = new double[1];
        Path tmp = o.poolFile().resolveSibling(o.poolFile().getFileName() + ".runs");
        long distinct = pool.finish(tmp, (lo, hi) -> score[0] += keys.score(lo, hi));
        return detector.result(t.tokensTotal, distinct, score[0]).pooledJson(t.documents, keys.dedup());
    }

    private static long[] trimmed(long[] hist) {
        int last = 0;
        for (int i = 0; i < hist.length; i++) {
            if (hist[i] > 0) {
                last = i;
            }
        }
        return Arrays.copyOf(hist, last + 1);
    }

    /** Writes the histogram PNG and the summary JSON, each atomically. */
    static void write(Map<String, Object> summary, Tally t, ScanOptions o) throws IOException {
        Path png = o.histogramFile();
        Files.createDirectories(png.toAbsolutePath().getParent());
        HistogramPng.write(t.histogram, Tally.BIN_WIDTH, t.documents, "log10 p of " + t.documents + " documents (key "
                + summary.get("key_id") + ")", png);
        Path tmp = o.summary().resolveSibling(o.summary().getFileName() + ".tmp");
        Files.write(tmp, Json.PRETTY.writeValueAsBytes(summary));
        Files.move(tmp, o.summary(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
