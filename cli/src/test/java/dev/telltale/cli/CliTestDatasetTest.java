package dev.telltale.cli;

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

/** {@code test-dataset}: pooled over files, malformed records skipped and counted, human data not detected. */
class CliTestDatasetTest {
    @TempDir
    static Path dir;

    static CliRunner cli;
    static Path key;

    @BeforeAll
    static void makeKey() throws Exception {
        cli = new CliRunner(dir);
        key = dir.resolve("plain.key");
        cli.run("keygen", "--insecure-plaintext", "--out", key.toString()).ok();
        cli.secretOf(key);
    }

    @AfterAll
    static void noSecretWasPrinted() {
        cli.assertNoSecretPrinted();
    }

    @Test
    void humanDataset_withMalformedRecords_isNotDetected_andSkipsAreCounted() throws Exception {
        List<String> lines = new ArrayList<>();
        List<EmbeddedCorpora.Document> brown = EmbeddedCorpora.brown();
        for (int i = 0; i < 40; i++) {
            lines.add(CliRunner.JSON.writeValueAsString(Map.of("id", brown.get(i).id(), "text", brown.get(i).text())));
        }
        lines.add(5, "{not json");
        lines.add(9, "{\"id\": \"x\", \"body\": \"no text field\"}");
        Path jsonl = dir.resolve("human.jsonl");
        Files.write(jsonl, lines, StandardCharsets.UTF_8);
        Path txt = dir.resolve("extra.txt");
        Files.writeString(txt, brown.get(100).text());
        JsonNode r = cli.run("test-dataset", "--key", key.toString(), "--json", jsonl.toString(), txt.toString()).ok().json();
        assertEquals(41, r.path("documents").asLong());
        assertEquals(2, r.path("records_skipped").asLong());
        assertEquals(2, r.path("problems").size());
        assertTrue(r.path("problems").get(0).asText().contains("human.jsonl:6"), r.toString());
        assertTrue(r.path("tokens_scored").asLong() > 50_000, r.toString());
        assertEquals("not_detected", r.path("verdict").asText(), r.toString());
    }

    @Test
    void watermarkedTexts_pooled_areDetected() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int seed = 1; seed <= 3; seed++) {
            JsonNode g = cli.run("generate", "--key", key.toString(), "--seed", "" + seed, "--max-tokens", "20", "--json",
                    "--prompt", "The jury").ok().json();
            sb.append(CliRunner.JSON.writeValueAsString(Map.of("text", g.path("text").asText()))).append('\n');
        }
        Path jsonl = dir.resolve("marked.jsonl");
        Files.writeString(jsonl, sb.toString());
        JsonNode r = cli.run("test-dataset", "--key", key.toString(), "--alpha", "0.001", "--json", jsonl.toString()).ok().json();
        assertEquals(3, r.path("documents").asLong());
        assertTrue(r.path("log10_p_value").asDouble() < -3, r.toString());
    }

    /**
     * A synthid key (scored per sequence: repeated-context mask) pools too: short watermarked completions mixed with
     * human text are detected, and 30 copies of one completion add nothing to the count.
     */
    @Test
    void synthidKey_pooledDataset_isDetected_andDuplicatesCountOnce() throws Exception {
        Path synthid = dir.resolve("synthid.key");
        cli.run("keygen", "--insecure-plaintext", "--scheme", "synthid", "--out", synthid.toString()).ok();
        cli.secretOf(synthid);
        List<String> lines = new ArrayList<>();
        List<EmbeddedCorpora.Document> brown = EmbeddedCorpora.brown();
        lines.add(CliRunner.JSON.writeValueAsString(Map.of("text", brown.get(0).text())));
        for (int seed = 1; seed <= 16; seed++) {
            JsonNode g = cli.run("generate", "--key", synthid.toString(), "--seed", "" + seed, "--max-tokens", "20", "--json",
                    "--prompt", "The jury").ok().json();
            lines.add(CliRunner.JSON.writeValueAsString(Map.of("text", g.path("text").asText())));
        }
        Path once = dir.resolve("synthid-once.jsonl");
        Files.write(once, lines, StandardCharsets.UTF_8);
        for (int i = 0; i < 30; i++) {
            lines.add(lines.get(1));
        }
        Path repeated = dir.resolve("synthid-repeated.jsonl");
        Files.write(repeated, lines, StandardCharsets.UTF_8);
        JsonNode a = cli.run("test-dataset", "--key", synthid.toString(), "--json", once.toString()).ok().json();
        JsonNode b = cli.run("test-dataset", "--key", synthid.toString(), "--json", repeated.toString()).ok().json();
        assertEquals("synthid", a.path("scheme").asText(), a.toString());
        assertEquals(17, a.path("documents").asLong());
        assertEquals(47, b.path("documents").asLong());
        assertEquals(a.path("tokens_scored"), b.path("tokens_scored"), b.toString());
        assertEquals(a.path("score"), b.path("score"), b.toString());
        assertEquals("watermarked", a.path("verdict").asText(), a.toString());
        assertTrue(a.path("log10_p_value").asDouble() <= -6, a.toString());
    }

    @Test
    void missingFile_exits2() {
        CliRunner.Result r = cli.run("test-dataset", "--key", key.toString(), dir.resolve("nope.jsonl").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.stderr().contains("not found"), r.stderr());
    }
}
