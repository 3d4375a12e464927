package dev.telltale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.core.EmbeddedCorpora;
import dev.telltale.core.KeyFiles;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.detect.AccountAttribution;
import dev.telltale.detect.AccountTracer;
import dev.telltale.detect.AccountTracers;
import dev.telltale.detect.Detector;
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

    /**
     * An account key served to two API keys mapped to two account ids of a 10^6-account space: every completion
     * served to a key is traced ({@code AccountTracers}, α = 1e-6, corrected for the 10^6 accounts) to that key's
     * account, by the API and by {@code detect --trace}; the served log names the account id; unknown keys get 401.
     */
    @Test
    void serveModel_withAnAccountKey_servesEachApiKeyTracedToItsAccount() throws Exception {
        Path accountsKey = dir.resolve("accounts.key");
        cli.run("keygen", "--insecure-plaintext", "--scheme", "kgw-accounts", "--accounts", "1000000", "--out",
                accountsKey.toString()).ok();
        cli.secretOf(accountsKey);
        WatermarkKey wk = KeyFiles.read(accountsKey, () -> new char[0]);
        Path keys = dir.resolve("account-api-keys.txt");
        long[] ids = {123_456, 987_654};
        String[] apiKeys = {"sk-acme-prod-7f3a9c21", "sk-globex-5d1e8e77aa"};
        Files.writeString(keys, "# KEY ACCOUNT ACCOUNT_ID\n" + apiKeys[0] + " acme " + ids[0] + "\n" + apiKeys[1] + " globex " + ids[1] + "\n");
        Path log = dir.resolve("served-accounts.jsonl");
        Detector detector = new Detector(wk, Tokenizers.forKey(wk), 1e-6);
        AccountTracer tracer = AccountTracers.forKey(wk, 1e-6);
        try (ServedChild s = ServedChild.start(dir, "--model", model.toString(), "--key", accountsKey.toString(), "--port", "0",
                "--api-keys", keys.toString(), "--served-log", log.toString(), "--json")) {
            assertEquals("kgw-accounts", s.announcement.get("scheme").asText());
            assertEquals(2, s.announcement.get("account_ids").asInt());
            HttpClient http = HttpClient.newHttpClient();
            assertEquals(401, complete(http, s, "sk-unknown-key-00000", 1, 5).statusCode());
            String sample = null;
            for (int who = 0; who < 2; who++) {
                HttpResponse<String> r = complete(http, s, apiKeys[who], 3, 400);
                assertEquals(200, r.statusCode(), r.body());
                for (JsonNode c : CliRunner.JSON.readTree(r.body()).get("choices")) {
                    AccountAttribution a = tracer.trace(detector.tokenize(c.get("text").asText()));
                    assertTrue(a.attributed() && a.candidate() == ids[who], "API key " + who + " (account " + ids[who]
                            + "): " + a.traceJson());
                    System.out.printf("API key %d -> account %d, log10 p = %.1f over %d tokens%n", who, a.candidate(),
                            a.log10PValue(), a.tokensScored());
                    sample = c.get("text").asText();
                }
            }
            List<String> logged = Files.readAllLines(log);
            assertEquals(6, logged.size());
            assertEquals(ids[0], CliRunner.JSON.readTree(logged.get(0)).get("account_id").asLong());
            assertEquals(ids[1], CliRunner.JSON.readTree(logged.get(5)).get("account_id").asLong());
            assertFalse(Files.readString(log).contains(apiKeys[0]) || s.stderr().contains(apiKeys[0]));
            Path leaked = dir.resolve("leaked.txt");
            Files.writeString(leaked, sample);
            JsonNode d = cli.run("detect", "--key", accountsKey.toString(), "--trace", "--json", leaked.toString()).ok().json();
            assertEquals(ids[1], d.path("account").path("id").asLong(), d::toString);
        }
    }

    private static HttpResponse<String> complete(HttpClient http, ServedChild s, String apiKey, int n, int maxTokens)
            throws Exception {
        String body = "{\"model\":\"brown60\",\"prompt\":\"The jury said\",\"max_tokens\":" + maxTokens + ",\"n\":" + n + "}";
        return http.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/completions")).header("Authorization", "Bearer " + apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void serveModel_withAnAccountKey_refusesToStart_withoutAccountIdsInTheKeysSpace() throws Exception {
        Path accountsKey = dir.resolve("small-accounts.key");
        cli.run("keygen", "--insecure-plaintext", "--scheme", "kgw-accounts", "--accounts", "1000", "--out",
                accountsKey.toString()).ok();
        cli.secretOf(accountsKey);
        String none = cli.run("serve-model", "--model", model.toString(), "--key", accountsKey.toString(), "--port", "0")
                .usageError();
        assertTrue(none.contains("account key") && none.contains("--api-keys"), none);
        Path keys = dir.resolve("out-of-space.txt");
        Files.writeString(keys, "sk-acme-prod-7f3a9c21 acme 999\nsk-globex-5d1e8e77aa globex 1000\n");
        String outside = cli.run("serve-model", "--model", model.toString(), "--key", accountsKey.toString(), "--port", "0",
                "--api-keys", keys.toString()).usageError();
        assertTrue(outside.contains(":2:") && outside.contains("outside the account space [0, 1000)"), outside);
        Files.writeString(keys, "sk-acme-prod-7f3a9c21 acme 999\nsk-globex-5d1e8e77aa globex\n");
        String missing = cli.run("serve-model", "--model", model.toString(), "--key", accountsKey.toString(), "--port", "0",
                "--api-keys", keys.toString()).usageError();
        assertTrue(missing.contains(":2:") && missing.contains("no account id"), missing);
        for (String e : List.of(none, outside, missing)) {
            assertFalse(e.contains("sk-"), e);
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
