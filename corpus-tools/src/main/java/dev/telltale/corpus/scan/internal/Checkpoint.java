package dev.telltale.corpus.scan.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A scan's durable state after a fully written document: the results file's length, the pooled log's length,
 * the position in the inputs (file index, then the file's {@link ResumePoint}) and the {@link Tally}.
 * Written atomically: a temporary file is written and forced to disk, renamed over the old checkpoint, and
 * the folder is forced, so a kill at any instant leaves either the old or the new checkpoint whole.
 *
 * @param fingerprint SHA-256 of what determines the output (key, options, inputs); a checkpoint is used only
 *                    by a scan with the same fingerprint
 * @param fileIndex   files before it are done; {@code files.size()} when all are
 */
record Checkpoint(String fingerprint, long resultsBytes, long poolBytes, int fileIndex, ResumePoint point, Tally tally) {
    static final String FORMAT = "telltale-scan-checkpoint/v1";

    void write(Path file) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("fingerprint", fingerprint);
        m.put("results_bytes", resultsBytes);
        m.put("pool_bytes", poolBytes);
        m.put("file_index", fileIndex);
        m.put("units", point.units());
        m.put("line", point.line());
        m.put("offset", point.offset());
        m.put("tally", tally.toJson());
        byte[] bytes = Json.MAPPER.writeValueAsBytes(m);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        forceFolder(file.toAbsolutePath().getParent());
    }

    /** Forces a folder's entries (the rename) to disk; a no-op where folders cannot be opened. */
    static void forceFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not supported on this platform: the rename is still atomic
        }
    }

    /** Reads a checkpoint; a malformed one is reported as such (the caller offers --restart). */
    static Checkpoint read(Path file) throws IOException {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IOException("checkpoint " + file + " is unreadable (" + e.getMessage() + ")", e);
        }
        if (n == null || !FORMAT.equals(n.path("format").asText())) {
            throw new IOException("checkpoint " + file + " is not a " + FORMAT + " file");
        }
        return new Checkpoint(n.path("fingerprint").asText(), n.path("results_bytes").asLong(), n.path("pool_bytes").asLong(),
                n.path("file_index").asInt(), new ResumePoint(n.path("units").asLong(), n.path("line").asLong(),
                n.path("offset").asLong()), Tally.fromJson(n.path("tally")));
    }
}
