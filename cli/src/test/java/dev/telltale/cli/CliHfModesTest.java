package dev.telltale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.core.EmbeddedCorpora;
import dev.telltale.core.Tokenizers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HuggingFace-compatible modes through the CLI: keygen with HF's parameter names, generate (child JVM,
 * default model), detect from text and from token ids ({@code --input-format ids}: one array, or one per
 * line), and the usage errors of the new options. No key secret is ever printed.
 */
class CliHfModesTest {
    private static final List<String> SCHEMES = List.of("hf-kgw-lefthash", "hf-kgw-selfhash", "hf-synthid");

    @TempDir
    static Path dir;

    static CliRunner cli;
    static final Map<String, Path> keys = new HashMap<>();
    static final Map<String, JsonNode> generated = new HashMap<>();

    @BeforeAll
    static void keysAndGenerations() {
        String repo = System.getProperty("telltale.repo");
        cli = new CliRunner(repo != null ? Path.of(repo, "target", "telltale-home") : dir); // shares the model cache
        for (String s : SCHEMES) {
            Path key = dir.resolve(s + ".key");
            List<String> args = new java.util.ArrayList<>(List.of("keygen", "--scheme", s, "--insecure-plaintext", "--out",
                    key.toString(), "--json"));
            if (s.equals("hf-kgw-selfhash")) {
                args.addAll(List.of("--context-width", "4")); // HF's default width 1 is a weak, Unigram-like test
            }
            JsonNode k = cli.run(args.toArray(String[]::new)).ok().json();
            assertEquals(s, k.path("scheme").path("id").asText());
            assertFalse(k.path("scheme").path("secret_used").asBoolean(true), k::toString);
            cli.secretOf(key);
            keys.put(s, key);
            generated.put(s, cli.spawn("generate", "--key", key.toString(), "--seed", "11", "--max-tokens", "200",
                    "--prompt", "The jury said", "--json").ok().json());
        }
    }

    @AfterAll
    static void noSecretWasPrinted() {
        cli.assertNoSecretPrinted();
    }

    @Test
    void generate_thenDetectText_isWatermarked_inEveryHfMode() {
        for (String s : SCHEMES) {
            byte[] text = generated.get(s).path("text").asText().getBytes(StandardCharsets.UTF_8);
            JsonNode d = cli.runWithStdin(text, "detect", "--key", keys.get(s).toString(), "--json").ok().json();
            assertEquals("watermarked", d.path("verdict").asText(), () -> s + ": " + d);
            assertEquals(s, d.path("scheme").asText());
            assertTrue(d.path("tokens_scored").asLong() >= 100, d::toString);
        }
    }

    @Test
    void detectIds_singleArray_equalsTheGeneratedTokens_andIsWatermarked() {
        for (String s : SCHEMES) {
            String ids = generated.get(s).path("tokens").toString();
            JsonNode d = cli.runWithStdin(ids.getBytes(StandardCharsets.UTF_8), "detect", "--key", keys.get(s).toString(),
                    "--input-format", "ids", "--json").ok().json();
            assertEquals("watermarked", d.path("verdict").asText(), () -> s + ": " + d);
            assertEquals(generated.get(s).path("tokens").size(), d.path("tokens_total").asInt());
            // pretty-printed over several lines, still one array
            String pretty = ids.replace(",", ",\n");
            JsonNode again = cli.runWithStdin(pretty.getBytes(StandardCharsets.UTF_8), "detect", "--key", keys.get(s).toString(),
                    "--input-format", "ids", "--json").ok().json();
            assertEquals(d.path("log10_p_value"), again.path("log10_p_value"));
        }
    }

    @Test
    void detectIds_oneArrayPerLine_scoresEachLine_andBrownIsNotDetected() throws Exception {
        String s = "hf-kgw-lefthash";
        int[] brown = Tokenizers.load("qwen3").encode(EmbeddedCorpora.brown().get(0).text());
        String input = generated.get(s).path("tokens") + "\n\n" + Arrays.toString(Arrays.copyOf(brown, 300)) + "\n";
        Path f = dir.resolve("ids.txt");
        Files.writeString(f, input);
        List<JsonNode> lines = cli.run("detect", "--key", keys.get(s).toString(), "--input-format", "ids", "--json", f.toString())
                .ok().jsonLines();
        assertEquals(2, lines.size());
        assertEquals("1", lines.get(0).path("id").asText());
        assertEquals("watermarked", lines.get(0).path("verdict").asText(), lines.get(0)::toString);
        assertEquals("3", lines.get(1).path("id").asText());
        assertEquals("not_detected", lines.get(1).path("verdict").asText(), lines.get(1)::toString);
        String human = cli.run("detect", "--key", keys.get(s).toString(), "--input-format", "ids", f.toString()).ok().stdout();
        assertTrue(human.startsWith("1\twatermarked\tp="), human);
    }

    @Test
    void detectIds_badLines_areReportedPerLine_exit2() {
        String input = "[1, 2, 3]\n[1, -2]\n{\"ids\": [1]}\n[1, 2.5]\nnot json\n";
        CliRunner.Result r = cli.runWithStdin(input.getBytes(StandardCharsets.UTF_8), "detect", "--key",
                keys.get("hf-synthid").toString(), "--input-format", "ids", "--json");
        assertEquals(2, r.exitCode(), r::toString);
        List<JsonNode> lines = r.jsonLines();
        assertEquals(5, lines.size());
        assertEquals("too_short", lines.get(0).path("verdict").asText());
        assertTrue(lines.get(1).path("error").asText().contains("element 1 (-2) is not a token id"), lines.get(1)::toString);
        assertTrue(lines.get(2).path("error").asText().contains("expected a JSON array"), lines.get(2)::toString);
        assertTrue(lines.get(3).path("error").asText().contains("element 1"), lines.get(3)::toString);
        assertEquals("malformed JSON", lines.get(4).path("error").asText());
        assertTrue(r.stderr().contains("4 input line(s) could not be read"), r::toString);
    }

    @Test
    void keygen_hfOptions_useHfNames_andRefuseOtherSchemes() throws Exception {
        Path k = dir.resolve("custom.key");
        JsonNode j = cli.run("keygen", "--scheme", "hf-kgw-selfhash", "--hashing-key", "6364136223846793005", "--greenlist-ratio",
                "0.5", "--bias", "1.5", "--context-width", "3", "--vocab-size", "151936", "--insecure-plaintext", "--out",
                k.toString(), "--json").ok().json().path("scheme");
        cli.secretOf(k);
        assertEquals(6364136223846793005L, j.path("hashing_key").asLong());
        assertEquals(0.5, j.path("greenlist_ratio").asDouble());
        assertEquals(1.5, j.path("bias").asDouble());
        assertEquals(3, j.path("context_width").asInt());
        assertEquals(151936, j.path("vocab_size").asInt());
        assertEquals(151669, CliRunner.JSON.readTree(keys.get("hf-kgw-lefthash").toFile()).path("scheme").path("vocab_size").asInt(),
                "vocab_size defaults to the tokenizer's");
        Path s = dir.resolve("synthid.key");
        JsonNode sj = cli.run("keygen", "--scheme", "hf-synthid", "--synthid-keys", "5,6,7", "--ngram-len", "3",
                "--insecure-plaintext", "--out", s.toString(), "--json").ok().json().path("scheme");
        cli.secretOf(s);
        assertEquals("[5,6,7]", sj.path("keys").toString());
        assertEquals(3, sj.path("ngram_len").asInt());
        String e1 = cli.run("keygen", "--scheme", "kgw", "--synthid-keys", "1,2", "--insecure-plaintext", "--out",
                dir.resolve("x.key").toString()).usageError();
        assertTrue(e1.contains("--synthid-keys applies to scheme hf-synthid only"), e1);
        String e2 = cli.run("keygen", "--scheme", "hf-synthid", "--hashing-key", "3", "--insecure-plaintext", "--out",
                dir.resolve("y.key").toString()).usageError();
        assertTrue(e2.contains("--hashing-key does not apply to scheme hf-synthid"), e2);
        String e3 = cli.run("keygen", "--scheme", "hf-kgw-lefthash", "--greenlist-ratio", "1.5", "--insecure-plaintext",
                "--out", dir.resolve("z.key").toString()).usageError();
        assertTrue(e3.contains("greenlist_ratio must be in (0, 1)"), e3);
        String human = cli.run("keygen", "--scheme", "hf-kgw-lefthash", "--insecure-plaintext", "--force", "--out",
                dir.resolve("h.key").toString()).ok().stdout();
        cli.secretOf(dir.resolve("h.key"));
        assertTrue(human.contains("its watermark key is the public hashing_key"), human);
    }
}
