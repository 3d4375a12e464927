package dev.telltale.cli;

import dev.telltale.detect.PValues;
import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.core.TokenizerImpl;
import dev.telltale.core.WatermarkKey;
import dev.telltale.corpus.scan.CorpusScan;
import dev.telltale.corpus.scan.InputFormat;
import dev.telltale.corpus.scan.ScanException;
import dev.telltale.corpus.scan.ScanListener;
import dev.telltale.corpus.scan.ScanOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "scan", description = "Scan a corpus (JSONL, text, Parquet, WARC/WET) for a key's watermark: one result per "
        + "document, a pooled dataset-level p-value, the watermarked fraction and a log10 p histogram; resumable after a kill.")
final class ScanCommand implements Callable<Integer> {
    @Mixin
    KeyOption key;

    @Option(names = "--out", defaultValue = "results.jsonl", description = "Per-document results (JSON lines). Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--summary", description = "Summary JSON; the histogram PNG is written beside it. Default: summary.json beside --out.")
    Path summary;

    @Option(names = "--threads", description = "Tokenise-and-score workers. Default: the number of cores.")
    Integer threads;

    @Option(names = "--format", defaultValue = "auto", paramLabel = "auto|jsonl|text|parquet|warc",
            description = "Input format; auto decides per file from its name (.jsonl[.gz], .txt, .parquet, .warc[.gz], .wet[.gz]). "
                    + "Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--text-field", defaultValue = "text", description = "JSONL field / Parquet column with the text. Default: ${DEFAULT-VALUE}.")
    String textField;

    @Option(names = "--id-field", defaultValue = "id", description = "JSONL field / Parquet column with the id. Default: ${DEFAULT-VALUE}.")
    String idField;

    @Option(names = "--alpha", defaultValue = "1e-6", description = "Per-document significance level α. Default: ${DEFAULT-VALUE}.")
    double alpha;

    @Option(names = "--tokenizer-impl", defaultValue = "fast", paramLabel = "fast|djl",
            description = "fast: pure-Java BPE (djl where unsupported); djl: HuggingFace tokenizers via DJL. Same ids. Default: ${DEFAULT-VALUE}.")
    String tokenizerImpl;

    @Option(names = "--max-doc-bytes", defaultValue = "" + ScanOptions.DEFAULT_MAX_DOC_BYTES,
            description = "Larger records are skipped as oversized (bounds memory). Default: ${DEFAULT-VALUE}.")
    int maxDocBytes;

    @Option(names = "--checkpoint-seconds", defaultValue = "30", description = "Seconds between checkpoints. Default: ${DEFAULT-VALUE}.")
    double checkpointSeconds;

    @Option(names = "--pool-memory-mb", defaultValue = "256",
            description = "Memory for the corpus-wide dedup set; beyond it tuples spill to disk. Default: ${DEFAULT-VALUE}.")
    long poolMemoryMb;

    @Option(names = "--restart", description = "Start over: discard a checkpoint of an interrupted scan and overwrite --out.")
    boolean restart;

    @Option(names = "--no-progress", description = "No progress bar (it is shown on a terminal unless --json).")
    boolean noProgress;

    @Option(names = "--json", description = "Print the summary as one JSON line.")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Files and folders (folders are read recursively).")
    List<Path> inputs;

    @Override
    public Integer call() throws Exception {
        ScanOptions options;
        TokenizerImpl impl;
        try {
            impl = TokenizerImpl.parse(tokenizerImpl);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--tokenizer-impl must be fast or djl, got '" + tokenizerImpl + "'");
        }
        try {
            options = ScanOptions.builder(inputs).out(out).summary(summary)
                    .threads(threads != null ? threads : Runtime.getRuntime().availableProcessors())
                    .format(InputFormat.parse(format)).textField(textField).idField(idField).alpha(alpha)
                    .tokenizerImpl(impl).maxDocBytes(maxDocBytes).checkpointSeconds(checkpointSeconds)
                    .poolMemoryBytes(poolMemoryMb << 20).restart(restart).build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        WatermarkKey k = key.load();
        boolean progress = !json && !noProgress && System.console() != null;
        CorpusScan.Report report;
        try (ScanProgress bar = progress ? new ScanProgress(System.err) : null) {
            report = CorpusScan.run(k, options, bar != null ? bar : ScanListener.NONE);
        } catch (ScanException e) {
            throw new UsageException(e.getMessage());
        }
        if (json) {
            System.out.println(Json.line(report.summary()));
        } else {
            System.out.println(human(Json.MAPPER.valueToTree(report.summary())));
        }
        return 0;
    }

    static String human(JsonNode s) {
        StringBuilder sb = new StringBuilder();
        long docs = s.path("documents_scanned").asLong();
        sb.append(String.format(Locale.ROOT, "scanned %,d documents, %,d tokens (key %s, %s, tokenizer %s/%s)%s%n", docs,
                s.path("tokens_total").asLong(), s.path("key_id").asText(), s.path("scheme").asText(),
                s.path("tokenizer").asText(), s.path("tokenizer_impl").asText(),
                s.path("run").path("resumed").asBoolean() ? ", resumed from a checkpoint" : ""));
        long skipped = s.path("documents_skipped").asLong();
        if (skipped > 0) {
            StringBuilder reasons = new StringBuilder();
            s.path("skipped_by_reason").fields().forEachRemaining(e ->
                    reasons.append(reasons.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue().asLong()));
            sb.append(String.format(Locale.ROOT, "skipped %,d records (%s); the first are listed in the summary%n", skipped, reasons));
        }
        long detected = s.path("detected_at_alpha").asLong();
        sb.append(String.format(Locale.ROOT, "watermarked at alpha=%s: %,d of %,d (%.2f%%); too short: %,d%n", s.path("alpha").asText(),
                detected, docs, docs == 0 ? 0.0 : 100.0 * detected / docs, s.path("verdicts").path("too_short").asLong()));
        JsonNode p = s.path("pooled");
        if (p.path("supported").asBoolean()) {
            sb.append(String.format(Locale.ROOT, "pooled (each scored tuple once over the corpus): %s   p = %s   (%,d tuples scored)%n",
                    p.path("verdict").asText(), PValues.format(p.path("log10_p_value").asDouble()),
                    p.path("tokens_scored").asLong()));
        } else {
            sb.append("pooled: not available (").append(p.path("reason").asText()).append(")\n");
        }
        JsonNode f = s.path("watermarked_fraction");
        if (!f.path("estimate").isNull()) {
            sb.append(String.format(Locale.ROOT, "watermarked fraction: %.3f (95%% CI %.3f to %.3f, over %,d documents)%n",
                    f.path("estimate").asDouble(), f.path("ci_low").asDouble(), f.path("ci_high").asDouble(),
                    f.path("documents_used").asLong()));
        }
        sb.append("results: ").append(s.path("results").asText()).append("   histogram: ")
                .append(s.path("log10_p_histogram").path("png").asText());
        return sb.toString();
    }
}
