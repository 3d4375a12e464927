package dev.telltale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.core.EmbeddedCorpora;
import dev.telltale.core.KeyFiles;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.embed.Embedders;
import dev.telltale.embed.Generator;
import dev.telltale.embed.KneserNeyModel;
import dev.telltale.embed.SamplingConfig;
import dev.telltale.embed.serve.ApiKeys;
import dev.telltale.embed.serve.ModelPool;
import dev.telltale.embed.serve.ModelServer;
import dev.telltale.embed.serve.ServeConfig;
import dev.telltale.embed.serve.WatermarkPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code test-model}: closed model through a real loopback endpoint, reading mode on a trained n-gram file. */
class CliTestModelTest {
    @TempDir
    static Path dir;

    static CliRunner cli;
    static Path keyFile;
    static WatermarkKey key;
    static TextTokenizer tok;
    static KneserNeyModel teacher;
    static Path prompts;

    @BeforeAll
    static void setUp() throws Exception {
        cli = new CliRunner(dir);
        keyFile = dir.resolve("k.key");
        cli.run("keygen", "--insecure-plaintext", "--out", keyFile.toString()).ok();
        cli.secretOf(keyFile);
        key = KeyFiles.read(keyFile, () -> new char[0]);
        tok = Tokenizers.forKey(key);
        List<int[]> docs = new ArrayList<>();
        List<EmbeddedCorpora.Document> brown = EmbeddedCorpora.brown();
        for (int i = 0; i < 80; i++) {
            docs.add(tok.encode(brown.get(i * 6).text()));
        }
        teacher = KneserNeyModel.train(docs, tok.vocabSize(), 3);
        List<String> lines = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 60; i++) {
            int[] d = docs.get(r.nextInt(docs.size()));
            int s = r.nextInt(d.length - 12);
            lines.add(tok.decode(java.util.Arrays.copyOfRange(d, s, s + 10)).replace('\n', ' '));
        }
        prompts = dir.resolve("prompts.txt");
        Files.write(prompts, lines, StandardCharsets.UTF_8);
    }

    @AfterAll
    static void noSecretWasPrinted() {
        cli.assertNoSecretPrinted();
    }

    private static ModelServer serve(WatermarkPolicy policy) {
        return ModelServer.start(ServeConfig.loopback("teacher", ModelPool.of(teacher.copy(), 2), tok, policy)
                .withApiKeys(ApiKeys.of(Map.of("sk-cli-test-model-0001", "tester"))));
    }

    @Test
    void closedModel_watermarkedEndpointIsDetected_cleanIsNot_withPlotAndSeries() throws Exception {
        Path png = dir.resolve("series.png");
        try (ModelServer marked = serve(WatermarkPolicy.key(key)); ModelServer clean = serve(WatermarkPolicy.none())) {
            JsonNode m = cli.run("test-model", "--key", keyFile.toString(), "--endpoint", marked.baseUrl(), "--api-key",
                    "sk-cli-test-model-0001", "--prompts", prompts.toString(), "--samples", "2", "--max-tokens", "40",
                    "--seed", "1", "--plot", png.toString(), "--json").ok().json();
            assertEquals("watermarked", m.get("verdict").asText(), m.toString());
            assertEquals("closed", m.get("mode").asText());
            assertEquals(120, m.get("requests").get("succeeded").asInt());
            assertEquals(0, m.get("requests").get("failed").asInt());
            assertTrue(m.get("pairs_scored").asLong() > 2000, m.toString());
            assertTrue(m.get("series").size() > 10);
            assertTrue(Files.size(png) > 10_000, "a PNG was written");
            CliRunner.Result text = cli.run("test-model", "--key", keyFile.toString(), "--endpoint", clean.baseUrl(), "--api-key",
                    "sk-cli-test-model-0001", "--prompts", prompts.toString(), "--samples", "2", "--max-tokens", "40", "--seed", "1").ok();
            assertTrue(text.stdout().contains("verdict: not_detected") && text.stdout().contains("requests: 120 sent, 120 answered"),
                    text::toString);
        }
    }

    @Test
    void readingMode_studentTrainedOnOurTexts_isDetected() throws Exception {
        Generator g = Generator.withMixturePath(teacher.copy(), Embedders.forKey(key), SamplingConfig.DEFAULT);
        SplittableRandom r = new SplittableRandom(8);
        List<String> ours = new ArrayList<>();
        List<String> corpus = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            String t = tok.decode(g.generate(tok.encode("The"), 60, -1, r));
            ours.add(CliRunner.JSON.writeValueAsString(Map.of("text", t)));
            corpus.add(CliRunner.JSON.writeValueAsString(Map.of("text", t)));
        }
        List<EmbeddedCorpora.Document> brown = EmbeddedCorpora.brown();
        for (int i = 1; i < 200; i += 5) {
            corpus.add(CliRunner.JSON.writeValueAsString(Map.of("text", brown.get(i).text())));
        }
        Path oursFile = dir.resolve("ours.jsonl");
        Path corpusFile = dir.resolve("student-corpus.jsonl");
        Files.write(oursFile, ours, StandardCharsets.UTF_8);
        Files.write(corpusFile, corpus, StandardCharsets.UTF_8);
        Path student = dir.resolve("student.ttkn");
        cli.run("train-ngram", "--input", corpusFile.toString(), "--out", student.toString()).ok();
        JsonNode m = cli.run("test-model", "--reading", "--key", keyFile.toString(), "--model", student.toString(), "--texts",
                oursFile.toString(), "--json").ok().json();
        assertEquals("reading", m.get("mode").asText());
        assertEquals("watermarked", m.get("verdict").asText(), m.toString());
        assertEquals(150, m.get("texts").asInt());
    }

    @Test
    void badUsage_isAOneLineError() {
        String k = keyFile.toString();
        assertTrue(cli.run("test-model", "--key", k, "--prompts", prompts.toString()).usageError().contains("--endpoint"));
        assertTrue(cli.run("test-model", "--key", k, "--reading", "--endpoint", "http://127.0.0.1:9/v1").usageError()
                .contains("--reading takes --model"));
        assertTrue(cli.run("test-model", "--key", k, "--endpoint", "http://127.0.0.1:1/v1", "--prompts", prompts.toString(),
                "--attempts", "1").usageError().contains("cannot list the endpoint's models"));
        assertTrue(cli.run("test-model", "--key", k, "--endpoint", "http://127.0.0.1:1/v1", "--prompts",
                dir.resolve("none.txt").toString()).usageError().contains("prompts file not found"));
    }

    @Test
    void simulateDistillation_badUsage_isAOneLineError() {
        assertTrue(cli.run("simulate-distillation", "--watermarked-fraction", "1.5").usageError().contains("[0, 1]"));
        assertTrue(cli.run("simulate-distillation", "--scheme", "synthid").usageError().contains("kgw"));
        assertTrue(cli.run("simulate-distillation", "--scheme", "kgw-accounts").usageError().contains("--accounts N"));
        assertTrue(cli.run("simulate-distillation", "--accounts", "10", "--scheme", "gumbel").usageError().contains("account scheme"));
        assertTrue(cli.run("simulate-distillation", "--accounts", "0").usageError().contains("1 to 100000 accounts"));
        assertTrue(cli.run("simulate-distillation", "--accounts", "10", "--watermarked-fraction", "0.1").usageError()
                .contains("does not apply with --accounts"));
        assertTrue(cli.run("simulate-distillation", "--answer-tokens", "2").usageError().contains("--answer-tokens"));
    }
}
