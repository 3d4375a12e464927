package dev.telltale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.core.KeyFiles;
import dev.telltale.core.TextNormalizer;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sealed-key round trip as a user runs it, in child JVMs with {@code TELLTALE_KEY_PASSPHRASE} set:
 * keygen, generate, detect (generated text on standard input), the unwatermarked control, the demo, and
 * help/usage exit codes. All runs share one {@code TELLTALE_HOME}, so the default model is built once.
 * At the end, no output of any run may contain the sealed key's secret or the demo key's secret.
 */
class CliEndToEndTest {
    private static final String PASSPHRASE = "correct horse battery staple";
    private static final Map<String, String> WITH_PASSPHRASE = Map.of(Passphrases.ENV, PASSPHRASE);
    /** Contract default (DESIGN.md §6). */
    private static final double ALPHA = 1e-6;

    @TempDir
    static Path home;

    static CliRunner cli;
    static Path keyFile;
    static CliRunner.Result keygen;
    static CliRunner.Result generated;
    static String generatedText;

    @BeforeAll
    static void sealedKeyAndOneGeneration() throws Exception {
        cli = new CliRunner(home);
        keyFile = home.resolve("sealed.key");
        keygen = cli.spawn(WITH_PASSPHRASE, null, "keygen", "--out", keyFile.toString(), "--json").ok();
        cli.secret(KeyFiles.read(keyFile, PASSPHRASE::toCharArray).revealSecret());
        demoKeyId(1);
        generated = cli.spawn(WITH_PASSPHRASE, null, "generate", "--key", keyFile.toString(), "--seed", "7",
                "--max-tokens", "120", "--json").ok();
        generatedText = generated.json().path("text").asText();
    }

    @AfterAll
    static void noSecretWasPrinted() {
        cli.assertNoSecretPrinted();
    }

    @Test
    void keygen_sealed_writesPublicFieldsAndOnlyASealedSecret() throws Exception {
        JsonNode f = CliRunner.JSON.readTree(keyFile.toFile());
        assertEquals("telltale-key/v1", f.path("format").asText());
        assertTrue(f.path("key_id").asText().matches("[0-9a-f]{16}"), () -> "key_id: " + f.path("key_id"));
        JsonNode scheme = f.path("scheme");
        assertEquals("kgw", scheme.path("id").asText());
        assertEquals(0.25, scheme.path("gamma").asDouble());
        assertEquals(2.0, scheme.path("delta").asDouble());
        assertEquals(2, scheme.path("context_width").asInt());
        JsonNode tok = f.path("tokenizer");
        assertEquals("qwen3", tok.path("id").asText());
        assertEquals(Tokenizers.load("qwen3").sha256(), tok.path("sha256").asText());
        assertEquals(151669, tok.path("vocab_size").asInt());
        JsonNode sealed = f.path("sealed_secret");
        assertEquals("argon2id", sealed.path("kdf").asText());
        assertEquals("aes-256-gcm", sealed.path("cipher").asText());
        assertFalse(sealed.path("ciphertext").asText().isEmpty());
        assertFalse(f.has("insecure_plaintext_secret"), "a sealed key file must not hold the plaintext secret");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
    }

    @Test
    void keygen_sealedJson_printsKeyIdAndNoSecretField() throws Exception {
        JsonNode out = keygen.json();
        String fileKeyId = CliRunner.JSON.readTree(keyFile.toFile()).path("key_id").asText();
        assertEquals(fileKeyId, out.path("key_id").asText());
        assertTrue(out.path("sealed").asBoolean());
        assertEquals("qwen3", out.path("tokenizer").path("id").asText());
        assertEquals(List.of(), fieldNamesContaining(out, "secret"), "keygen --json must not carry a secret field");
    }

    @Test
    void generate_sealedKeySeed7_printsTextTokensAndKeyId() {
        JsonNode g = generated.json();
        assertEquals(120, g.path("token_count").asInt());
        assertEquals(120, g.path("tokens").size());
        int[] ids = new int[120];
        for (int i = 0; i < ids.length; i++) {
            assertTrue(g.path("tokens").get(i).isInt(), "tokens are integer ids");
            ids[i] = g.path("tokens").get(i).asInt();
        }
        // The printed text is the decoded ids passed once through the robust normaliser (GenerateCommand): a
        // decode such as "\n\n but" prints as "\n\nbut", so compare against the normalised decode, and the
        // printed text must be a fixed point of it (detect --normalize robust scores what was printed).
        String decoded = Tokenizers.load("qwen3").decode(ids);
        assertEquals(TextNormalizer.ROBUST.apply(decoded), generatedText, "text is the normalised decoded ids");
        assertEquals(generatedText, TextNormalizer.ROBUST.apply(generatedText), "printed text is a fixed point");
        assertEquals(TextNormalizer.ROBUST.names(), CliRunner.JSON.convertValue(g.path("normalizers"), List.class));
        assertEquals(keygen.json().path("key_id").asText(), g.path("key_id").asText());
        assertTrue(g.path("watermarked").asBoolean());
    }

    @Test
    void generate_sameSeed_givesSameText() {
        JsonNode again = cli.spawn(WITH_PASSPHRASE, null, "generate", "--key", keyFile.toString(), "--seed", "7",
                "--max-tokens", "120", "--json").ok().json();
        assertEquals(generatedText, again.path("text").asText());
        assertEquals(generated.json().path("tokens"), again.path("tokens"));
    }

    /**
     * Regression: under a C locale Java 17 printed '?' for every non-ASCII character of the text. Unwatermarked,
     * so that the text depends on the model and the seed only, not on this run's random key.
     */
    @Test
    void generate_underPosixLocale_printsUtf8() {
        String[] args = {"generate", "--key", keyFile.toString(), "--unwatermarked", "--seed", "7", "--max-tokens",
                "120", "--json"};
        String utf8 = cli.spawn(WITH_PASSPHRASE, null, args).ok().json().path("text").asText();
        assertTrue(utf8.chars().anyMatch(c -> c > 127),
                "seed 7 is expected to produce non-ASCII text; pick another seed if the model changed");
        Map<String, String> env = Map.of(Passphrases.ENV, PASSPHRASE, "LANG", "C", "LC_ALL", "C");
        assertEquals(utf8, cli.spawn(env, null, args).ok().json().path("text").asText());
    }

    @Test
    void detect_generatedTextOnStdin_isWatermarked() throws Exception {
        Path text = home.resolve("generated.txt");
        Files.writeString(text, generatedText);
        JsonNode d = cli.spawn(WITH_PASSPHRASE, text, "detect", "--key", keyFile.toString(), "--json").ok().json();
        assertEquals("watermarked", d.path("verdict").asText(), d::toString);
        assertTrue(d.path("tokens_scored").asLong() > 100, d::toString);
        assertTrue(d.path("log10_p_value").asDouble() < -6, d::toString);
        assertTrue(d.path("p_value").isNumber(), d::toString);
        assertEquals(ALPHA, d.path("alpha").asDouble());
        assertEquals(keygen.json().path("key_id").asText(), d.path("key_id").asText());
    }

    @Test
    void detect_unwatermarkedControl_isNotDetected() throws Exception {
        JsonNode g = cli.spawn(WITH_PASSPHRASE, null, "generate", "--key", keyFile.toString(), "--seed", "7",
                "--max-tokens", "120", "--unwatermarked", "--json").ok().json();
        assertFalse(g.path("watermarked").asBoolean());
        Path text = home.resolve("control.txt");
        Files.writeString(text, g.path("text").asText());
        JsonNode d = cli.spawn(WITH_PASSPHRASE, null, "detect", "--key", keyFile.toString(), "--json", text.toString())
                .ok().json();
        assertEquals("not_detected", d.path("verdict").asText(), d::toString);
        assertTrue(d.path("tokens_scored").asLong() > 100, d::toString);
        assertTrue(d.path("log10_p_value").asDouble() > Math.log10(ALPHA), d::toString);
    }

    @Test
    void demo_table_showsWatermarkedAndHumanRows() {
        CliRunner.Result r = cli.spawn("demo", "--samples", "2", "--max-tokens", "100", "--seed", "1").ok();
        Matcher m = Pattern.compile("fresh key ([0-9a-f]{16})").matcher(r.stdout());
        assertTrue(m.find(), r::toString);
        assertEquals(demoKeyId(1), m.group(1));
        List<String[]> rows = new ArrayList<>();
        for (String line : r.stdout().lines().toList()) {
            if (line.matches("^(watermarked-\\d+|unwatermarked|human-brown-\\d+)\\s.*")) {
                rows.add(line.trim().split("\\s+"));
            }
        }
        assertEquals(List.of("watermarked-1", "watermarked-2", "unwatermarked", "human-brown-1", "human-brown-2",
                "human-brown-3"), rows.stream().map(c -> c[0]).toList(), r::toString);
        for (String[] row : rows) {
            String expected = row[0].startsWith("watermarked") ? "watermarked" : "not_detected";
            assertEquals(expected, row[1], () -> "row " + String.join(" ", row));
        }
        // part two, the distillation story: the student of 5 % watermarked data is caught, the control is not
        assertTrue(r.stdout().lines().anyMatch(l -> l.matches("^student \\(5\\.\\d% watermarked data\\)\\s+watermarked\\s.*")), r::toString);
        assertTrue(r.stdout().lines().anyMatch(l -> l.matches("^control \\(unwatermarked answers\\)\\s+not_detected\\s.*")), r::toString);
    }

    @Test
    void demo_json_linesParseWithVerdictFields() {
        CliRunner.Result r = cli.spawn("demo", "--samples", "2", "--max-tokens", "100", "--seed", "1", "--json",
                "--skip-distillation").ok();
        List<JsonNode> lines = r.jsonLines();
        assertEquals(6, lines.size(), r::toString);
        for (JsonNode d : lines) {
            String id = d.path("id").asText();
            for (String field : List.of("verdict", "tokens_scored", "p_value", "log10_p_value", "alpha", "text")) {
                assertTrue(d.has(field), () -> id + " lacks " + field);
            }
            assertEquals(demoKeyId(1), d.path("key_id").asText());
            assertEquals(id.startsWith("watermarked") ? "watermarked" : "not_detected", d.path("verdict").asText(), id);
        }
    }

    @Test
    void help_exits0AndListsTheCommands() {
        CliRunner.Result r = cli.spawn("--help").ok();
        for (String command : List.of("keygen", "generate", "detect", "train-ngram", "demo")) {
            assertTrue(r.stdout().contains(command), () -> "help lacks " + command + "\n" + r);
        }
    }

    /** Every usage error says "see 'telltale CMD --help'", so that must work for every subcommand. */
    @Test
    void subcommandHelp_exits0WithItsUsage() {
        for (String command : List.of("keygen", "generate", "detect", "scan", "serve", "serve-model", "test-model",
                "test-dataset", "simulate-distillation", "eval", "verify-report", "tokens", "train-ngram", "demo")) {
            CliRunner.Result r = cli.spawn(command, "--help").ok();
            assertTrue(r.stdout().startsWith("Usage: telltale " + command), () -> command + "\n" + r);
        }
    }

    @Test
    void unknownOption_exits2NamingIt() {
        CliRunner.Result r = cli.spawn("demo", "--no-such-option");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.stderrLines().get(0).contains("--no-such-option"), r::toString);
    }

    /**
     * The demo's key with {@code --seed s}: SHA1PRNG seeded with s, as {@code DemoCommand} does. Registers the
     * secret for the leak check and returns its key id (the demo prints the id, which must match).
     */
    private static String demoKeyId(long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            byte[] secret = new byte[WatermarkKey.SECRET_BYTES];
            r.nextBytes(secret);
            cli.secret(secret);
            return WatermarkKey.keyIdOf(secret);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> fieldNamesContaining(JsonNode node, String part) {
        List<String> found = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().contains(part)) {
                found.add(e.getKey());
            }
            found.addAll(fieldNamesContaining(e.getValue(), part));
        }
        return found;
    }
}
