package dev.telltale.corpus.scan.internal;

import dev.telltale.corpus.scan.ScanListener;
import dev.telltale.detect.Detection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipeline's ordered end: writes one JSON line per document to the results file (no timing fields, so
 * an interrupted-and-resumed scan writes the same bytes as an uninterrupted one), feeds the {@link Tally}
 * and the pooled {@link TupleLog}, and checkpoints every few seconds: results forced to disk, then the log,
 * then the {@link Checkpoint} naming both lengths, in that order.
 */
final class ResultWriter implements Pipeline.Sink {
    private final FileChannel results;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
    private final TupleLog pool;
    private final Tally tally;
    private final String fingerprint;
    private final Path checkpointFile;
    private final long intervalNanos;
    private final List<InputFile> files;
    private final long[] fileStarts;
    private final ScanListener listener;
    private final long resumedFromBytes;
    private long resultsBytes;
    private int fileIndex;
    private ResumePoint point;
    private long bytesDone;
    private long lastCheckpoint = System.nanoTime();
    private long lastProgress;
    private int checkpoints;

    ResultWriter(FileChannel results, long resultsBytes, TupleLog pool, Tally tally, String fingerprint,
                 Path checkpointFile, double checkpointSeconds, List<InputFile> files, int fileIndex,
                 ResumePoint point, ScanListener listener) {
        this.results = results;
        this.resultsBytes = resultsBytes;
        this.pool = pool;
        this.tally = tally;
        this.fingerprint = fingerprint;
        this.checkpointFile = checkpointFile;
        this.intervalNanos = (long) (checkpointSeconds * 1e9);
        this.files = files;
        this.fileIndex = fileIndex;
        this.point = point;
        this.listener = listener;
        this.fileStarts = new long[files.size() + 1];
        for (int i = 0; i < files.size(); i++) {
            fileStarts[i + 1] = fileStarts[i] + files.get(i).size();
        }
        this.bytesDone = fileStarts[Math.min(fileIndex, files.size())];
        this.resumedFromBytes = bytesDone;
    }

    @Override
    public void accept(Rec r) throws IOException {
        switch (r.kind()) {
            case DOC -> {
                DocScore s = r.score();
                writeLine(line(r, s.detection()));
                tally.addDocument(s);
                if (pool != null && s.tupleKeys() != null) {
                    pool.add(s.tupleKeys());
                }
            }
            case SKIP -> tally.addSkip(r);
            case IGNORE -> tally.ignored++;
        }
        fileIndex = r.resumeFile();
        point = r.resumePoint();
        bytesDone = fileStarts[r.fileIndex] + Math.min(r.bytesRead, files.get(r.fileIndex).size());
    }

    /** The contract line of one document (no timing, no key material). */
    static Map<String, Object> line(Rec r, Detection d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("source", r.locator().toJson());
        m.put("tokens", d.tokensTotal());
        m.put("tokens_scored", d.tokensScored());
        m.put("score", d.score());
        m.put("p_value", d.pValue());
        m.put("log10_p_value", d.log10PValue());
        m.put("verdict", d.verdict().json());
        return m;
    }

    private void writeLine(Map<String, Object> m) throws IOException {
        byte[] b = Json.MAPPER.writeValueAsBytes(m);
        if (b.length + 1 > buffer.remaining()) {
            drain();
        }
        if (b.length + 1 > buffer.capacity()) {
            ByteBuffer big = ByteBuffer.allocate(b.length + 1).put(b).put((byte) '\n');
            big.flip();
            while (big.hasRemaining()) {
                results.write(big);
            }
        } else {
            buffer.put(b).put((byte) '\n');
        }
        resultsBytes += b.length + 1;
    }

    private void drain() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            results.write(buffer);
        }
        buffer.clear();
    }

    @Override
    public void tick() throws IOException {
        long now = System.nanoTime();
        if (now - lastCheckpoint >= intervalNanos) {
            checkpoint();
        }
        if (now - lastProgress >= 200_000_000L) {
            lastProgress = now;
            report();
        }
    }

    /** Makes everything written so far durable and records it. */
    void checkpoint() throws IOException {
        drain();
        results.force(false);
        long poolBytes = pool == null ? 0 : pool.sync();
        new Checkpoint(fingerprint, resultsBytes, poolBytes, fileIndex, point, tally).write(checkpointFile);
        lastCheckpoint = System.nanoTime();
        checkpoints++;
    }

    void report() {
        listener.progress(new ScanListener.Progress(bytesDone, fileStarts[files.size()], tally.documents,
                tally.skippedTotal(), tally.tokensTotal, resumedFromBytes));
    }

    int checkpoints() {
        return checkpoints;
    }

    long resultsBytes() {
        return resultsBytes;
    }
}
