package dev.telltale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code telltale generate --model DIR} with a TorchScript model directory (the committed Brown model,
 * testdata/models/brown-qwen3-tiny, run through DJL's PyTorch engine): the completion is detected under its
 * key, the unwatermarked control is not, and a directory that is not a model, or a model for another
 * tokenizer, is a one-line usage error.
 */
class CliTorchScriptModelTest {
    @TempDir
    static Path dir;

    static CliRunner cli;
    static Path models;

    @BeforeAll
    static void runner() {
        Path repo = Path.of(System.getProperty("telltale.repo", "."));
        cli = new CliRunner(repo.resolve("target").resolve("telltale-home"));
        models = repo.resolve("testdata").resolve("models");
    }

    @AfterAll
    static void noSecretWasPrinted() {
        cli.assertNoSecretPrinted();
    }

    @Test
    void generate_withTorchScriptModel_isDetected_andItsControlIsNot() throws Exception {
        Path key = dir.resolve("kgw.key");
        cli.run("keygen", "--insecure-plaintext", "--out", key.toString()).ok();
        cli.secretOf(key);
        Path model = models.resolve("brown-qwen3-tiny");
        JsonNode g = cli.spawn("generate", "--key", key.toString(), "--model", model.toString(), "--prompt",
                "The jury said", "--seed", "5", "--max-tokens", "150", "--json").ok().json();
        assertTrue(g.path("model").asText().startsWith("torchscript brown-qwen3-tiny"), g::toString);
        assertEquals(150, g.path("token_count").asInt(), g::toString);
        Path text = dir.resolve("wm.txt");
        Files.writeString(text, g.path("text").asText());
        JsonNode d = cli.run("detect", "--key", key.toString(), "--json", text.toString()).ok().json();
        assertEquals("watermarked", d.path("verdict").asText(), d::toString);
        assertTrue(d.path("log10_p_value").asDouble() < -6, d::toString);

        JsonNode c = cli.spawn("generate", "--key", key.toString(), "--model", model.toString(), "--prompt",
                "The jury said", "--seed", "5", "--max-tokens", "150", "--unwatermarked", "--json").ok().json();
        Path control = dir.resolve("control.txt");
        Files.writeString(control, c.path("text").asText());
        JsonNode dc = cli.run("detect", "--key", key.toString(), "--json", control.toString()).ok().json();
        assertEquals("not_detected", dc.path("verdict").asText(), dc::toString);
    }

    @Test
    void generate_withNonModelDirectoryOrForeignTokenizerModel_isAOneLineUsageError() throws Exception {
        Path key = dir.resolve("bad.key");
        cli.run("keygen", "--insecure-plaintext", "--out", key.toString()).ok();
        cli.secretOf(key);
        Path empty = Files.createDirectories(dir.resolve("empty-model"));
        String e = cli.run("generate", "--key", key.toString(), "--model", empty.toString()).usageError();
        assertTrue(e.contains("not a TorchScript model directory"), e);
        String m = cli.run("generate", "--key", key.toString(), "--model", dir.resolve("missing").toString()).usageError();
        assertTrue(m.contains("model not found"), m);
        // A 7-id contract model: the key's tokenizer (qwen3) has 151,669 ids.
        String v = cli.run("generate", "--key", key.toString(), "--model",
                models.resolve("contract-all-positions").toString()).usageError();
        assertTrue(v.contains("has vocabulary 7") && v.contains("qwen3"), v);
    }
}
