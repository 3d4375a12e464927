package dev.telltale.corpus.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.core.EmbeddedCorpora;
import dev.telltale.core.KeyFiles;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory does not grow with the input: a child JVM with a 160 MB heap (the fast tokenizer's tables take about
 * 96 MB of it) scans a generated JSONL corpus of 64 MB (600 MB with {@code -Dtelltale.full=true}), with a 16 MB
 * pooled dedup budget, and finishes.
 */
class ScanMemoryTest {
    @TempDir
    Path dir;

    @Test
    void smallHeapChild_scansAnInputLargerThanItsSpareHeap() throws Exception {
        long targetBytes = (Boolean.getBoolean("telltale.full") ? 600L : 64L) << 20;
        Path corpus = dir.resolve("big.jsonl");
        List<EmbeddedCorpora.Document> brown = EmbeddedCorpora.brown();
        Random rnd = new Random(1);
        long written = 0;
        int docs = 0;
        try (BufferedWriter w = Files.newBufferedWriter(corpus, StandardCharsets.UTF_8)) {
            while (written < targetBytes) {
                EmbeddedCorpora.Document d = brown.get(rnd.nextInt(brown.size()));
                List<String> paras = new ArrayList<>(Arrays.asList(d.text().split("\n\n")));
                Collections.shuffle(paras, rnd);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", d.id() + "-" + docs);
                m.put("text", String.join("\n\n", paras));
                String line = Corpora.JSON.writeValueAsString(m) + "\n";
                w.write(line);
                written += line.getBytes(StandardCharsets.UTF_8).length;
                docs++;
            }
        }
        Path keyFile = dir.resolve("key.json");
        KeyFiles.writeInsecurePlaintext(Corpora.key(), keyFile);
        Path out = Files.createDirectories(dir.resolve("out"));
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx160m",
                "-XX:+ExitOnOutOfMemoryError", "-Dai.djl.offline=true", "-Dscan.poolMb=16", "-cp", cp,
                ScanChild.class.getName(), keyFile.toString(), out.toString(), "5", "2", corpus.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(15, TimeUnit.MINUTES), "the child did not finish");
        String log = Files.readString(dir.resolve("child.log"));
        assertEquals(0, p.exitValue(), log);
        JsonNode s = Corpora.JSON.readTree(out.resolve("summary.json").toFile());
        assertEquals(docs, s.path("documents_scanned").asLong());
        assertTrue(written > 60L << 20, "input of " + written + " bytes");
    }
}
