package dev.telltale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.core.EmbeddedCorpora;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

/** {@code serve-model}: a trained n-gram file served in a child JVM, watermarked, behind API keys. */
class CliServeModelTest {
    @TempDir
    static Path dir;

    static CliRunner cli;
    static Path key;
    static Path model;

    @BeforeAll
    static void keyAndModel() throws Exception {
        cli = new CliRunner(dir);
        key = dir.resolve("k.key");
        cli.run("keygen", "--insecure-plaintext", "--out", key.toString()).ok();
        cli.secretOf(key);
        List<String> lines = new ArrayList<>();
        List<EmbeddedCorpora.Document> brown = EmbeddedCorpora.brown();
        for (int i = 0; i < 60; i++) {
            lines.add(CliRunner.JSON.writeValueAsString(Map.of("text", brown.get(i * 8).text())));
        }
        Path jsonl = dir.resolve("train.jsonl");
        Files.write(jsonl, lines, StandardCharsets.UTF_8);
        model = dir.resolve("brown60.ttkn");
        cli.run("train-ngram", "--input", jsonl.toString(), "--out", model.toString()).ok();
    }

    @AfterAll
    static void noSecretWasPrinted() {
        cli.assertNoSecretPrinted();
    }

    @Test
    void serveModel_servesTheFile_behindApiKeys_andAnnouncesWhereAndHow() throws Exception {
        Path keys = dir.resolve("api-keys.txt");
        Files.writeString(keys, "sk-cli-serve-test-0001 acme\n");
        Path log = dir.resolve("served.jsonl");
        try (ServedChild s = ServedChild.start(dir, "--model", model.toString(), "--key", key.toString(), "--port", "0",
                "--api-keys", keys.toString(), "--served-log", log.toString(), "--json")) {
            JsonNode a = s.announcement;
            assertEquals("brown60", a.get("model").asText());
            assertTrue(a.get("watermarked").asBoolean());
            assertEquals(1, a.get("api_keys").asInt());
            assertTrue(a.get("url").asText().matches("http://127\\.0\\.0\\.1:\\d+/v1"), a.toString());
            HttpClient http = HttpClient.newHttpClient();
            String body = "{\"model\":\"brown60\",\"prompt\":\"The jury\",\"max_tokens\":10}";
            HttpResponse<String> denied = http.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, denied.statusCode());
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/completions"))
                    .header("Authorization", "Bearer sk-cli-serve-test-0001")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            String text = CliRunner.JSON.readTree(r.body()).get("choices").get(0).get("text").asText();
            assertFalse(text.isBlank());
            JsonNode logged = CliRunner.JSON.readTree(Files.readAllLines(log).get(0));
            assertEquals("acme", logged.get("account").asText());
            assertEquals(text, logged.get("text").asText());
            String secret = CliRunner.JSON.readTree(key.toFile()).path("insecure_plaintext_secret").asText();
            assertFalse(s.stdoutFirstLine.contains(secret) || s.stderr().contains(secret));
        }
    }

    @Test
    void badModelOrKeysFile_isAOneLineUsageError() {
        String e = cli.run("serve-model", "--model", dir.resolve("missing.ttkn").toString(), "--port", "0").usageError();
        assertTrue(e.contains("model not found"), e);
        String k = cli.run("serve-model", "--model", model.toString(), "--api-keys", dir.resolve("none.txt").toString(),
                "--port", "0").usageError();
        assertTrue(k.contains("API keys file not found"), k);
        String p = cli.run("serve-model", "--port", "70000").usageError();
        assertTrue(p.contains("--port"), p);
    }
}
