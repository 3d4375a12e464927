package dev.telltale.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code telltale keygen}: parameters are recorded in the file, and bad usage exits 2 with a one-line reason
 * that says what to fix. Runs in this JVM with {@code --insecure-plaintext} keys (so every secret is known to
 * the leak check), except the missing-passphrase case, which needs a clean environment.
 */
class CliKeygenTest {
    @TempDir
    static Path dir;

    static CliRunner cli;

    @BeforeAll
    static void runner() {
        cli = new CliRunner(dir);
    }

    @AfterAll
    static void noSecretWasPrinted() {
        cli.assertNoSecretPrinted();
    }

    @Test
    void keygen_customParameters_areRecordedInFileAndJson() throws Exception {
        Path key = dir.resolve("custom.key");
        JsonNode out = cli.run("keygen", "--insecure-plaintext", "--gamma", "0.5", "--delta", "3", "--context-width", "1",
                "--out", key.toString(), "--json").ok().json();
        cli.secretOf(key);
        JsonNode file = CliRunner.JSON.readTree(key.toFile());
        for (JsonNode scheme : new JsonNode[] {file.path("scheme"), out.path("scheme")}) {
            assertEquals("kgw", scheme.path("id").asText());
            assertEquals(0.5, scheme.path("gamma").asDouble());
            assertEquals(3.0, scheme.path("delta").asDouble());
            assertEquals(1, scheme.path("context_width").asInt());
        }
        assertEquals(file.path("key_id").asText(), out.path("key_id").asText());
        assertFalse(out.path("sealed").asBoolean());
    }

    @Test
    void keygen_insecurePlaintext_warnsInItsHumanOutput() throws Exception {
        Path key = dir.resolve("plain.key");
        CliRunner.Result r = cli.run("keygen", "--insecure-plaintext", "--out", key.toString()).ok();
        cli.secretOf(key);
        String keyId = CliRunner.JSON.readTree(key.toFile()).path("key_id").asText();
        assertTrue(r.stdout().contains("INSECURE") && r.stdout().contains(keyId), r::toString);
        assertFalse(CliRunner.JSON.readTree(key.toFile()).has("sealed_secret"));
    }

    @Test
    void keygen_gammaOutOfRange_exits2NamingGamma() {
        Path key = dir.resolve("gamma.key");
        String reason = cli.run("keygen", "--insecure-plaintext", "--gamma", "1.5", "--out", key.toString()).usageError();
        assertTrue(reason.contains("gamma") && reason.contains("1.5"), reason);
        assertFalse(Files.exists(key), "no key file after a usage error");
    }

    @Test
    void keygen_unknownScheme_exits2ListingKnownSchemes() {
        Path key = dir.resolve("scheme.key");
        String reason = cli.run("keygen", "--insecure-plaintext", "--scheme", "aar", "--out", key.toString()).usageError();
        assertTrue(reason.contains("aar") && reason.contains("kgw"), reason);
        assertFalse(Files.exists(key));
    }

    @Test
    void keygen_unknownTokenizer_exits2NamingBuiltInIds() {
        Path key = dir.resolve("tok.key");
        String reason = cli.run("keygen", "--insecure-plaintext", "--tokenizer", "gpt-17", "--out", key.toString())
                .usageError();
        assertTrue(reason.contains("gpt-17") && reason.contains("qwen3"), reason);
        assertFalse(Files.exists(key));
    }

    @Test
    void keygen_existingOutWithoutForce_exits2AndKeepsTheFile() throws Exception {
        Path key = dir.resolve("existing.key");
        cli.run("keygen", "--insecure-plaintext", "--out", key.toString()).ok();
        cli.secretOf(key);
        byte[] before = Files.readAllBytes(key);
        String reason = cli.run("keygen", "--insecure-plaintext", "--out", key.toString()).usageError();
        assertTrue(reason.contains("--force"), reason);
        assertArrayEquals(before, Files.readAllBytes(key));
    }

    @Test
    void keygen_existingOutWithForce_replacesTheKey() throws Exception {
        Path key = dir.resolve("forced.key");
        cli.run("keygen", "--insecure-plaintext", "--out", key.toString()).ok();
        cli.secretOf(key);
        String first = CliRunner.JSON.readTree(key.toFile()).path("key_id").asText();
        cli.run("keygen", "--insecure-plaintext", "--force", "--out", key.toString()).ok();
        cli.secretOf(key);
        assertNotEquals(first, CliRunner.JSON.readTree(key.toFile()).path("key_id").asText());
    }

    @Test
    void keygen_sealedWithoutPassphrase_exits2NamingTheVariable() {
        Path key = dir.resolve("nopass.key");
        String reason = cli.spawn("keygen", "--out", key.toString()).usageError();
        assertTrue(reason.contains(Passphrases.ENV) && reason.contains("--insecure-plaintext"), reason);
        assertFalse(Files.exists(key));
    }
}
