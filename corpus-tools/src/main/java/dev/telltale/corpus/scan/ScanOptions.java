package dev.telltale.corpus.scan;

import dev.telltale.core.TokenizerImpl;
import java.nio.file.Path;
import java.util.List;

/**
 * What a scan reads and how (immutable, validated). Build with {@link #builder(List)}.
 *
 * @param inputs            files and folders (folders recursively, in path order)
 * @param out               per-document results, one JSON line each (default {@code results.jsonl})
 * @param summary           summary JSON; the histogram PNG goes beside it (default {@code summary.json} in
 *                          {@code out}'s folder)
 * @param threads           tokenise-and-score workers (≥ 1; results do not depend on it)
 * @param textField         JSONL field / Parquet column holding the text
 * @param idField           JSONL field / Parquet column holding the id (optional in the data)
 * @param alpha             per-document significance level α
 * @param maxDocBytes       larger records are skipped as {@link SkipReason#OVERSIZED} (bounds memory)
 * @param checkpointSeconds time between checkpoints
 * @param poolMemoryBytes   memory budget of the corpus-wide dedup set (more distinct tuples spill to disk)
 * @param restart           discard an existing checkpoint or results file instead of resuming or refusing
 */
public record ScanOptions(List<Path> inputs, Path out, Path summary, int threads, InputFormat format,
                          String textField, String idField, double alpha, TokenizerImpl tokenizerImpl,
                          int maxDocBytes, double checkpointSeconds, long poolMemoryBytes, boolean restart) {
    /** Default {@link #maxDocBytes}: 8 MiB. */
    public static final int DEFAULT_MAX_DOC_BYTES = 8 << 20;

    public ScanOptions {
        inputs = List.copyOf(inputs);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("give at least one input file or folder");
        }
        if (threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("threads must be in [1, 1024], got " + threads);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
        if (textField == null || textField.isEmpty() || idField == null || idField.isEmpty()) {
            throw new IllegalArgumentException("text and id field names must not be empty");
        }
        if (maxDocBytes < 1 || maxDocBytes > (1 << 30)) {
            throw new IllegalArgumentException("max document size must be in [1, 2^30] bytes, got " + maxDocBytes);
        }
        if (!(checkpointSeconds > 0)) {
            throw new IllegalArgumentException("checkpoint interval must be > 0 seconds, got " + checkpointSeconds);
        }
        if (poolMemoryBytes < (1 << 20)) {
            throw new IllegalArgumentException("pooled dedup memory must be at least 1 MiB, got " + poolMemoryBytes);
        }
        if (summary == null) {
            Path dir = out.toAbsolutePath().getParent();
            summary = dir == null ? Path.of("summary.json") : dir.resolve("summary.json");
        }
    }

    /** Defaults for everything but the inputs. */
    public static Builder builder(List<Path> inputs) {
        return new Builder(inputs);
    }

    /** Where checkpoints are kept: {@code <out>.checkpoint.json}. */
    public Path checkpointFile() {
        return out.resolveSibling(out.getFileName() + ".checkpoint.json");
    }

    /** The corpus-wide dedup log: {@code <out>.pool}. */
    public Path poolFile() {
        return out.resolveSibling(out.getFileName() + ".pool");
    }

    /** The histogram beside the summary: {@code summary.json} → {@code summary.log10p.png}. */
    public Path histogramFile() {
        String name = summary.getFileName().toString();
        String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return summary.resolveSibling(base + ".log10p.png");
    }

    /** Mutable builder with the CLI's defaults. */
    public static final class Builder {
        private final List<Path> inputs;
        private Path out = Path.of("results.jsonl");
        private Path summary;
        private int threads = Runtime.getRuntime().availableProcessors();
        private InputFormat format = InputFormat.AUTO;
        private String textField = "text";
        private String idField = "id";
        private double alpha = 1e-6;
        private TokenizerImpl tokenizerImpl = TokenizerImpl.FAST;
        private int maxDocBytes = DEFAULT_MAX_DOC_BYTES;
        private double checkpointSeconds = 30;
        private long poolMemoryBytes = 256L << 20;
        private boolean restart;

        private Builder(List<Path> inputs) {
            this.inputs = inputs;
        }

        public Builder out(Path v) { out = v; return this; }
        public Builder summary(Path v) { summary = v; return this; }
        public Builder threads(int v) { threads = v; return this; }
        public Builder format(InputFormat v) { format = v; return this; }
        public Builder textField(String v) { textField = v; return this; }
        public Builder idField(String v) { idField = v; return this; }
        public Builder alpha(double v) { alpha = v; return this; }
        public Builder tokenizerImpl(TokenizerImpl v) { tokenizerImpl = v; return this; }
        public Builder maxDocBytes(int v) { maxDocBytes = v; return this; }
        public Builder checkpointSeconds(double v) { checkpointSeconds = v; return this; }
        public Builder poolMemoryBytes(long v) { poolMemoryBytes = v; return this; }
        public Builder restart(boolean v) { restart = v; return this; }

        public ScanOptions build() {
            return new ScanOptions(inputs, out, summary, threads, format, textField, idField, alpha, tokenizerImpl,
                    maxDocBytes, checkpointSeconds, poolMemoryBytes, restart);
        }
    }
}
