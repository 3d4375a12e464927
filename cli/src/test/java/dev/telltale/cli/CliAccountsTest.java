package dev.telltale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Account attribution from the command line: {@code keygen --scheme kgw-accounts --accounts N}, {@code generate
 * --account ID} (child JVM, shared model cache), {@code detect --trace} naming the account in text, JSONL and ids
 * input, human text traced to none, and one-line usage errors. Development keys; no secret is ever printed.
 */
class CliAccountsTest {
    @TempDir
    static Path dir;

    static CliRunner cli;
    static Path codeKey;
    static String humanText;
    static JsonNode generated; // generate --account 123456 --json under codeKey
    static Path generatedText;

    @BeforeAll
    static void keys() throws Exception {
        cli = new CliRunner(Path.of(System.getProperty("telltale.repo", "."), "target", "telltale-home"));
        codeKey = dir.resolve("accounts.key");
        JsonNode k = cli.run("keygen", "--insecure-plaintext", "--scheme", "kgw-accounts", "--accounts", "1000000", "--out",
                codeKey.toString(), "--json").ok().json();
        cli.secretOf(codeKey);
        JsonNode scheme = k.path("scheme");
        assertEquals("kgw-accounts", scheme.path("id").asText());
        assertEquals(1_000_000, scheme.path("accounts").asLong());
        assertEquals(32, scheme.path("code_length").asInt());
        assertEquals(5, scheme.path("symbol_bits").asInt());
        assertEquals(2.0, scheme.path("account_delta").asDouble());
        try (InputStream in = CliAccountsTest.class.getClassLoader().getResourceAsStream("telltale-testdata/corpora/brown.jsonl")) {
            assertNotNull(in, "Brown corpus on the test classpath");
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            humanText = CliRunner.JSON.readTree(line).path("text").asText();
        }
        generated = generate(codeKey, 123_456);
        generatedText = write("account-123456.txt", generated.path("text").asText());
    }

    private static Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @AfterAll
    static void noSecretWasPrinted() {
        cli.assertNoSecretPrinted();
    }

    private static JsonNode generate(Path key, long account) {
        JsonNode g = cli.spawn("generate", "--key", key.toString(), "--account", Long.toString(account), "--prompt",
                "The jury said", "--seed", "5", "--max-tokens", "400", "--json").ok().json();
        assertEquals(account, g.path("account").asLong());
        return g;
    }

    @Test
    void generateForAnAccount_thenDetectTrace_namesTheAccountAmongAMillion() throws Exception {
        Path text = generatedText;
        JsonNode d = cli.run("detect", "--key", codeKey.toString(), "--trace", "--json", text.toString()).ok().json();
        assertEquals("watermarked", d.path("verdict").asText(), d::toString); // the shared component, plain kgw
        JsonNode account = d.path("account");
        assertEquals(123_456, account.path("id").asLong(), d::toString);
        assertTrue(account.path("log10_p_value").asDouble() < -6, d::toString);
        assertEquals(Math.pow(10, account.path("log10_p_value").asDouble()), account.path("p_value").asDouble(),
                1e-9 * account.path("p_value").asDouble() + 1e-300);
        assertEquals("rs-decode", d.path("account_trace").path("method").asText());
        assertEquals(1_000_000, d.path("account_trace").path("accounts").asLong());
        assertEquals("attributed", d.path("account_trace").path("status").asText());

        String human = cli.run("detect", "--key", codeKey.toString(), "--trace", text.toString()).ok().stdout();
        assertTrue(human.contains("account: 123456") && human.contains("corrected for 1000000 accounts"), human);
        JsonNode plain = cli.run("detect", "--key", codeKey.toString(), "--json", text.toString()).ok().json();
        assertTrue(!plain.has("account") && plain.path("log10_p_value").asDouble() < -6, plain::toString);
    }

    @Test
    void humanText_andJsonlAndIds_areTracedLineByLine() throws Exception {
        Path text = generatedText;
        String jsonl = CliRunner.JSON.writeValueAsString(Map.of("id", "leak", "text", Files.readString(text))) + "\n"
                + CliRunner.JSON.writeValueAsString(Map.of("id", "human", "text", humanText)) + "\n";
        List<JsonNode> rows = cli.runWithStdin(jsonl.getBytes(StandardCharsets.UTF_8), "detect", "--key", codeKey.toString(),
                "--trace", "--input-format", "jsonl", "--json").ok().jsonLines();
        assertEquals(123_456, rows.get(0).path("account").path("id").asLong(), rows.get(0)::toString);
        assertTrue(rows.get(1).has("account") && rows.get(1).get("account").isNull(), rows.get(1)::toString);
        assertEquals("not_attributed", rows.get(1).path("account_trace").path("status").asText());
        String lines = cli.runWithStdin(jsonl.getBytes(StandardCharsets.UTF_8), "detect", "--key", codeKey.toString(), "--trace",
                "--input-format", "jsonl").ok().stdout();
        assertTrue(lines.contains("account=123456") && lines.contains("account=none"), lines);

        JsonNode ids = cli.runWithStdin(generated.path("tokens").toString().getBytes(StandardCharsets.UTF_8), "detect", "--key",
                codeKey.toString(), "--trace", "--input-format", "ids", "--json").ok().json();
        assertEquals(123_456, ids.path("account").path("id").asLong(), ids::toString);
    }

    @Test
    void registrySearchScheme_roundTrip() throws Exception {
        Path key = dir.resolve("keys.key");
        cli.run("keygen", "--insecure-plaintext", "--scheme", "kgw-account-keys", "--accounts", "5000", "--out",
                key.toString()).ok();
        cli.secretOf(key);
        Path text = write("keys-4321.txt", generate(key, 4321).path("text").asText());
        JsonNode d = cli.run("detect", "--key", key.toString(), "--trace", "--json", text.toString()).ok().json();
        assertEquals(4321, d.path("account").path("id").asLong(), d::toString);
        assertEquals("registry-search", d.path("account_trace").path("method").asText());
    }

    @Test
    void accountMistakes_exit2WithOneLineReasons() throws Exception {
        Path plainKey = dir.resolve("plain.key");
        cli.run("keygen", "--insecure-plaintext", "--out", plainKey.toString()).ok();
        cli.secretOf(plainKey);
        Path text = write("some.txt", humanText);
        String r = cli.run("generate", "--key", codeKey.toString(), "--max-tokens", "5").usageError();
        assertTrue(r.contains("--account") && r.contains("kgw-accounts"), r);
        r = cli.run("generate", "--key", codeKey.toString(), "--account", "1000000", "--max-tokens", "5").usageError();
        assertTrue(r.contains("[0, 1000000)"), r);
        r = cli.run("generate", "--key", plainKey.toString(), "--account", "3", "--max-tokens", "5").usageError();
        assertTrue(r.contains("--account applies to account keys"), r);
        r = cli.run("detect", "--key", plainKey.toString(), "--trace", text.toString()).usageError();
        assertTrue(r.contains("--trace needs an account key"), r);
        Path bad = dir.resolve("bad.key");
        r = cli.run("keygen", "--insecure-plaintext", "--scheme", "kgw-accounts", "--accounts", "1", "--out", bad.toString())
                .usageError();
        assertTrue(r.contains("accounts must be in [2, "), r);
        r = cli.run("keygen", "--insecure-plaintext", "--scheme", "kgw", "--accounts", "10", "--out", bad.toString()).usageError();
        assertTrue(r.contains("--accounts does not apply to scheme kgw"), r);
        r = cli.run("keygen", "--insecure-plaintext", "--scheme", "kgw-account-keys", "--code-length", "16", "--out",
                bad.toString()).usageError();
        assertTrue(r.contains("--code-length") && r.contains("--accounts"), r);
        assertTrue(!Files.exists(bad));
    }
}
