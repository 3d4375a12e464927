package dev.telltale.corpus.scan.internal;

import dev.telltale.corpus.scan.ScanException;
import dev.telltale.corpus.scan.ScanListener;
import dev.telltale.corpus.scan.ScanOptions;
import dev.telltale.detect.Detector;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * One scan from start (or checkpoint) to summary. Order of durable steps: a checkpoint exists from the first
 * instant (written before any result); results and the pooled log only grow between checkpoints; the final
 * checkpoint covers all inputs; then the summary and histogram are written atomically; then the checkpoint
 * and log are deleted. A kill at any point therefore leaves a state that the same command resumes, and a
 * finished scan leaves no checkpoint.
 */
public final class ScanRun {
    private ScanRun() {}

    /** What a finished scan produced. */
    public record Outcome(Map<String, Object> summary, boolean resumed, int checkpoints, int peakBatchesInFlight,
                          int maxBatchesInFlight) {}

    public static Outcome run(Detector detector, ScanOptions o, ScanListener listener) throws IOException {
        long started = System.nanoTime();
        List<InputFile> files = InputFiles.expand(o.inputs(), o.format());
        String fingerprint = Fingerprint.of(detector, o, files);
        Path cpFile = o.checkpointFile();
        Checkpoint cp = prepare(o, cpFile, fingerprint);
        boolean resumed = cp != null;
        DocScorer scorer = new DocScorer(detector);
        PooledKeys pooledKeys = scorer.pooled();
        Tally tally = resumed ? cp.tally() : new Tally();
        int fileIndex = resumed ? cp.fileIndex() : 0;
        ResumePoint point = resumed ? cp.point() : ResumePoint.START;
        Files.createDirectories(o.out().toAbsolutePath().getParent());
        try (FileChannel results = FileChannel.open(o.out(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             TupleLog pool = pooledKeys == null ? null : new TupleLog(o.poolFile(), pooledKeys.width, o.poolMemoryBytes(),
                     resumed ? cp.poolBytes() : 0)) {
            long resultsBytes = resumed ? cp.resultsBytes() : 0;
            if (results.size() < resultsBytes) {
                throw new ScanException("results file " + o.out() + " is shorter than its checkpoint says; pass --restart");
            }
            results.truncate(resultsBytes);
            results.position(resultsBytes);
            ResultWriter writer = new ResultWriter(results, resultsBytes, pool, tally, fingerprint, cpFile,
                    o.checkpointSeconds(), files, fileIndex, point, listener);
            if (!resumed) {
                writer.checkpoint(); // from now on a kill leaves something to resume
            }
            Pipeline pipeline = new Pipeline(files, new Sources.ReadOptions(o.textField(), o.idField(), o.maxDocBytes()),
                    fileIndex, point, scorer, o.threads());
            pipeline.run(writer);
            writer.checkpoint();
            writer.report();
            Map<String, Object> summary = Summaries.build(detector, o, files, tally, pool, pooledKeys, started, resumed,
                    writer.resultsBytes());
            Summaries.write(summary, tally, o);
            Files.deleteIfExists(o.poolFile());
            Files.deleteIfExists(cpFile);
            return new Outcome(summary, resumed, writer.checkpoints(), pipeline.peakInFlight(), pipeline.maxBatches());
        }
    }

    /** Decides between a fresh start, a resume and a refusal. Returns the checkpoint to resume from, or null. */
    private static Checkpoint prepare(ScanOptions o, Path cpFile, String fingerprint) throws IOException {
        if (o.restart()) {
            Files.deleteIfExists(cpFile);
            Files.deleteIfExists(o.poolFile());
            Files.deleteIfExists(o.out());
            return null;
        }
        if (Files.exists(cpFile)) {
            Checkpoint cp;
            try {
                cp = Checkpoint.read(cpFile);
            } catch (IOException e) {
                throw new ScanException(e.getMessage() + "; pass --restart to scan from the beginning");
            }
            if (!cp.fingerprint().equals(fingerprint)) {
                throw new ScanException("checkpoint " + cpFile + " belongs to a scan with other arguments or changed inputs "
                        + "(key, tokenizer, alpha, format, fields or files differ); re-run the same command to resume, or pass "
                        + "--restart to scan from the beginning");
            }
            return cp;
        }
        if (Files.exists(o.out())) {
            throw new ScanException(o.out() + " already exists and no checkpoint belongs to it (a finished scan?); pass "
                    + "--restart to overwrite it or choose another --out");
        }
        Files.deleteIfExists(o.poolFile());
        return null;
    }
}
