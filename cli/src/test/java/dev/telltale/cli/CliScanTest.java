package dev.telltale.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.core.EmbeddedCorpora;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code telltale scan}: results and summary files, the same ids with both tokenizer implementations, one-line usage errors. */
class CliScanTest {
    @TempDir
    static Path dir;
    static CliRunner cli;
    static Path key;
    static Path corpus;

    @BeforeAll
    static void corpus() throws Exception {
        cli = new CliRunner(dir);
        key = dir.resolve("plain.key");
        cli.run("keygen", "--insecure-plaintext", "--out", key.toString()).ok();
        cli.secretOf(key);
        List<String> lines = new ArrayList<>();
        List<EmbeddedCorpora.Document> brown = EmbeddedCorpora.brown();
        for (int i = 0; i < 20; i++) {
            lines.add(CliRunner.JSON.writeValueAsString(Map.of("id", brown.get(i).id(), "text", brown.get(i).text())));
        }
        for (int seed = 1; seed <= 2; seed++) {
            JsonNode g = cli.run("generate", "--key", key.toString(), "--seed", "" + seed, "--max-tokens", "150", "--json").ok().json();
            lines.add(3 * seed, CliRunner.JSON.writeValueAsString(Map.of("id", "wm-" + seed, "text", g.path("text").asText())));
        }
        lines.add(10, "{broken");
        corpus = dir.resolve("corpus.jsonl");
        Files.write(corpus, lines, StandardCharsets.UTF_8);
    }

    @AfterAll
    static void noSecretWasPrinted() {
        cli.assertNoSecretPrinted();
    }

    @Test
    void scan_json_writesResultsSummaryAndHistogram() throws Exception {
        Path out = dir.resolve("a/results.jsonl");
        JsonNode s = cli.run("scan", "--key", key.toString(), "--out", out.toString(), "--json", corpus.toString()).ok().json();
        assertEquals(22, s.path("documents_scanned").asLong(), s.toString());
        assertEquals(1, s.path("skipped_by_reason").path("malformed_json").asLong());
        assertEquals(11, s.path("skipped_listed").get(0).path("source").path("line").asLong());
        assertEquals(2, s.path("detected_at_alpha").asLong());
        assertEquals("fast-bpe", s.path("tokenizer_impl").asText());
        assertTrue(Files.size(dir.resolve("a/summary.log10p.png")) > 1000);
        assertEquals(s.path("key_id").asText(), CliRunner.JSON.readTree(dir.resolve("a/summary.json").toFile()).path("key_id").asText());
        List<String> lines = Files.readAllLines(out);
        assertEquals(22, lines.size());
        JsonNode wm = CliRunner.JSON.readTree(lines.get(3));
        assertEquals("wm-1", wm.path("id").asText());
        assertEquals("watermarked", wm.path("verdict").asText());
        for (String f : List.of("id", "source", "tokens", "tokens_scored", "score", "p_value", "log10_p_value", "verdict")) {
            assertTrue(wm.has(f), f + " missing from " + wm);
        }
    }

    @Test
    void tokenizerImplDjl_givesTheSameResults() throws Exception {
        cli.run("scan", "--key", key.toString(), "--out", dir.resolve("f/r.jsonl").toString(), "--json", corpus.toString()).ok();
        JsonNode s = cli.run("scan", "--key", key.toString(), "--tokenizer-impl", "djl", "--out", dir.resolve("d/r.jsonl").toString(),
                "--json", corpus.toString()).ok().json();
        assertEquals("djl-hf", s.path("tokenizer_impl").asText());
        assertArrayEquals(Files.readAllBytes(dir.resolve("f/r.jsonl")), Files.readAllBytes(dir.resolve("d/r.jsonl")));
    }

    @Test
    void humanOutput_namesTheCountsAndFiles() {
        CliRunner.Result r = cli.run("scan", "--key", key.toString(), "--out", dir.resolve("h/r.jsonl").toString(), corpus.toString()).ok();
        assertTrue(r.stdout().contains("scanned 22 documents"), r.stdout());
        assertTrue(r.stdout().contains("malformed_json 1"), r.stdout());
        assertTrue(r.stdout().contains("watermarked fraction"), r.stdout());
    }

    @Test
    void badUsage_isOneLine_exit2() {
        String out = dir.resolve("u/r.jsonl").toString();
        assertTrue(cli.run("scan", "--key", key.toString(), "--out", out, "--format", "csv", corpus.toString()).usageError()
                .contains("format must be"));
        assertTrue(cli.run("scan", "--key", key.toString(), "--out", out, "--tokenizer-impl", "rust", corpus.toString()).usageError()
                .contains("--tokenizer-impl"));
        assertTrue(cli.run("scan", "--key", key.toString(), "--out", out, dir.resolve("missing.jsonl").toString()).usageError()
                .contains("input not found"));
        assertTrue(cli.run("scan", "--key", key.toString(), "--out", out, key.toString() + "x").usageError()
                .contains("not found"));
    }

    @Test
    void existingResults_withoutCheckpoint_areNotOverwritten_unlessRestart() throws Exception {
        Path out = dir.resolve("e/r.jsonl");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "precious\n");
        String line = cli.run("scan", "--key", key.toString(), "--out", out.toString(), corpus.toString()).usageError();
        assertTrue(line.contains("--restart"), line);
        assertEquals("precious\n", Files.readString(out));
        cli.run("scan", "--key", key.toString(), "--out", out.toString(), "--restart", "--json", corpus.toString()).ok();
        assertEquals(22, Files.readAllLines(out).size());
    }
}
