package dev.telltale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native schemes from the command line: {@code keygen --scheme NAME} with each scheme's options (and a
 * one-line usage error for an option the scheme does not have), then the round trip keygen → generate →
 * detect for the two schemes that replace the sampler's draw. Keys are development keys; generate runs in a
 * child JVM whose TELLTALE_HOME is the build's shared model cache, so the default model is built at most once.
 */
class CliNativeSchemesTest {
    @TempDir
    static Path dir;

    static CliRunner cli;

    @BeforeAll
    static void runner() {
        cli = new CliRunner(Path.of(System.getProperty("telltale.repo", "."), "target", "telltale-home"));
    }

    @AfterAll
    static void noSecretWasPrinted() {
        cli.assertNoSecretPrinted();
    }

    private static JsonNode keygen(String name, String... options) throws Exception {
        Path key = dir.resolve(name + ".key");
        String[] args = new String[options.length + 6];
        args[0] = "keygen";
        args[1] = "--insecure-plaintext";
        args[2] = "--out";
        args[3] = key.toString();
        args[4] = "--json";
        args[5] = "--force";
        System.arraycopy(options, 0, args, 6, options.length);
        JsonNode out = cli.run(args).ok().json();
        cli.secretOf(key);
        JsonNode file = CliRunner.JSON.readTree(key.toFile());
        assertEquals(file.path("scheme"), out.path("scheme"));
        return file.path("scheme");
    }

    @Test
    void keygen_eachNativeScheme_recordsItsPresetAndOptions() throws Exception {
        JsonNode u = keygen("unigram", "--scheme", "unigram", "--gamma", "0.5");
        assertEquals("unigram", u.path("id").asText());
        assertEquals(0.5, u.path("gamma").asDouble());
        assertEquals(2.0, u.path("delta").asDouble());
        assertFalse(u.has("context_width"), u::toString);
        JsonNode sh = keygen("selfhash", "--scheme", "kgw-selfhash");
        assertEquals(3, sh.path("context_width").asInt());
        assertEquals(0.25, sh.path("gamma").asDouble());
        JsonNode g = keygen("gumbel", "--scheme", "gumbel", "--context-width", "3");
        assertEquals("{\"id\":\"gumbel\",\"context_width\":3}", g.toString());
        JsonNode s = keygen("synthid", "--scheme", "synthid", "--layers", "20");
        assertEquals(20, s.path("layers").asInt());
        assertEquals(4, s.path("context_width").asInt());
    }

    @Test
    void keygen_optionTheSchemeDoesNotHave_exits2NamingTheSchemesOptions() {
        Path key = dir.resolve("bad.key");
        String reason = cli.run("keygen", "--insecure-plaintext", "--scheme", "gumbel", "--delta", "2", "--out", key.toString())
                .usageError();
        assertTrue(reason.contains("--delta") && reason.contains("gumbel") && reason.contains("--context-width"), reason);
        reason = cli.run("keygen", "--insecure-plaintext", "--scheme", "kgw", "--layers", "3", "--out", key.toString())
                .usageError();
        assertTrue(reason.contains("--layers") && reason.contains("--gamma"), reason);
        reason = cli.run("keygen", "--insecure-plaintext", "--scheme", "unigram", "--context-width", "2", "--out",
                key.toString()).usageError();
        assertTrue(reason.contains("--context-width") && reason.contains("unigram"), reason);
        reason = cli.run("keygen", "--insecure-plaintext", "--scheme", "synthid", "--layers", "65", "--out", key.toString())
                .usageError();
        assertTrue(reason.contains("layers") && reason.contains("65"), reason);
        assertFalse(Files.exists(key), "no key file after a usage error");
    }

    @Test
    void roundTrip_gumbelAndSynthId_keygenGenerateDetect() throws Exception {
        for (String scheme : new String[] {"gumbel", "synthid"}) {
            Path key = dir.resolve("rt-" + scheme + ".key");
            cli.run("keygen", "--insecure-plaintext", "--scheme", scheme, "--out", key.toString()).ok();
            cli.secretOf(key);
            JsonNode g = cli.spawn("generate", "--key", key.toString(), "--prompt", "The jury said", "--seed", "11",
                    "--max-tokens", "120", "--json").ok().json();
            assertTrue(g.path("watermarked").asBoolean());
            Path text = dir.resolve("rt-" + scheme + ".txt");
            Files.writeString(text, g.path("text").asText());
            JsonNode d = cli.run("detect", "--key", key.toString(), "--json", text.toString()).ok().json();
            assertEquals("watermarked", d.path("verdict").asText(), d::toString);
            assertEquals(scheme, d.path("scheme").asText());
            assertEquals(scheme, d.path("scheme_params").path("id").asText());
            assertTrue(d.path("score_definition").asText().contains("p = "), d::toString);
            assertTrue(d.path("tokens_scored").asLong() > 80, d::toString);
            assertTrue(d.path("log10_p_value").asDouble() < -6, d::toString);
            // the unwatermarked control from the same key is not detected
            JsonNode c = cli.spawn("generate", "--key", key.toString(), "--prompt", "The jury said", "--seed", "11",
                    "--max-tokens", "120", "--unwatermarked", "--json").ok().json();
            Path control = dir.resolve("rt-" + scheme + "-control.txt");
            Files.writeString(control, c.path("text").asText());
            JsonNode dc = cli.run("detect", "--key", key.toString(), "--json", control.toString()).ok().json();
            assertEquals("not_detected", dc.path("verdict").asText(), dc::toString);
        }
    }
}
