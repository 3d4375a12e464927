package dev.telltale.corpus.scan.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.core.Schemes;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.corpus.scan.InputFormat;
import dev.telltale.detect.Detector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Back-pressure: with a writer far slower than the reader, the reader stops once the permitted number of
 * batches exists; it never holds the input in memory. (A child JVM with a small heap scans a large input in
 * {@code ScanMemoryTest} with {@code -Dtelltale.full=true}.)
 */
class PipelineBoundsTest {
    @TempDir
    Path dir;

    @Test
    void slowWriter_readerIsHeldBack_batchesInFlightStayBounded() throws Exception {
        StringBuilder sb = new StringBuilder();
        int docs = 30_000;
        for (int i = 0; i < docs; i++) {
            sb.append("{\"id\":").append(i).append(",\"text\":\"document number ").append(i).append(" of many\"}\n");
        }
        Path f = dir.resolve("many.jsonl");
        Files.writeString(f, sb, StandardCharsets.UTF_8);
        WatermarkKey key = WatermarkKey.fromSecret(new byte[32], Schemes.KGW_V1, Tokenizers.load("qwen3").ref(), Instant.EPOCH);
        Detector d = new Detector(key, Tokenizers.forKey(key), 1e-6);
        List<InputFile> files = InputFiles.expand(List.of(f), InputFormat.AUTO);
        Pipeline p = new Pipeline(files, new Sources.ReadOptions("text", "id", 1 << 20), 0, ResumePoint.START,
                new DocScorer(d), 2);
        long[] seen = new long[1];
        p.run(new Pipeline.Sink() {
            @Override
            public void accept(Rec r) {
                seen[0]++;
                if (seen[0] % Pipeline.BATCH_UNITS == 1 && seen[0] < 20 * Pipeline.BATCH_UNITS) {
                    try {
                        Thread.sleep(30); // a slow disk
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }

            @Override
            public void tick() {
                // no checkpoints here
            }
        });
        assertEquals(docs, seen[0]);
        assertTrue(p.peakInFlight() <= p.maxBatches(), p.peakInFlight() + " > " + p.maxBatches());
        assertEquals(p.maxBatches(), p.peakInFlight(), "the slow writer should have filled every permit");
        assertTrue(docs / Pipeline.BATCH_UNITS > 10 * p.maxBatches(), "input must be much larger than the bound");
    }
}
