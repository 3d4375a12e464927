package dev.telltale.embed.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Records what the server served, one JSON object per choice and line:
 * {@code {"time", "account", "account_id", "endpoint", "prompt", "text"}} ({@code account_id}: the caller's
 * account id from the API-keys file, the one an account key's watermark names, or null). API keys and
 * watermark secrets are never written. This is "our own watermarked data": give it to
 * {@code test-model --filter-data} to score only windows a suspect could have learnt from us. Appends;
 * thread-safe; flushed per record so a crash loses at most the record being written.
 */
public final class ServedLog implements Closeable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BufferedWriter out;

    private ServedLog(BufferedWriter out) {
        this.out = out;
    }

    /** Opens (creating or appending to) a JSONL log file. */
    public static ServedLog append(Path file) throws IOException {
        return new ServedLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE));
    }

    synchronized void record(Caller caller, String endpoint, String prompt, String text) {
        ObjectNode n = JSON.createObjectNode();
        n.put("time", Instant.now().toString());
        n.put("account", caller.account());
        n.put("account_id", caller.accountId());
        n.put("endpoint", endpoint);
        n.put("prompt", prompt);
        n.put("text", text);
        try {
            out.write(JSON.writeValueAsString(n));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the served log: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
