package dev.telltale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code detect --normalize}: the steps that ran are in every result, and the robust set turns a homoglyph and
 * zero-width attack on generated text back into the text {@code generate} printed.
 */
class CliNormalizeTest {
    @TempDir
    static Path dir;

    static CliRunner cli;
    static Path key;
    static String text;

    @BeforeAll
    static void keyAndText() {
        cli = new CliRunner(dir);
        key = dir.resolve("plain.key");
        cli.run("keygen", "--insecure-plaintext", "--out", key.toString()).ok();
        cli.secretOf(key);
        JsonNode g = cli.run("generate", "--key", key.toString(), "--prompt", "The jury said", "--seed", "5",
                "--max-tokens", "200", "--json").ok().json();
        assertEquals("[\"invisibles\",\"nfkc\",\"confusables\",\"whitespace\",\"nfc\"]", g.path("normalizers").toString());
        text = g.path("text").asText();
    }

    @AfterAll
    static void noSecretWasPrinted() {
        cli.assertNoSecretPrinted();
    }

    @Test
    void detect_defaultNormalization_isNfc() {
        JsonNode d = detect(text, "--json");
        assertEquals("nfc", d.path("normalization").asText());
        assertEquals("[\"nfc\"]", d.path("normalizers").toString());
        assertEquals("watermarked", d.path("verdict").asText());
    }

    @Test
    void detect_robust_undoesHomoglyphAndZeroWidthAttack() {
        StringBuilder attacked = new StringBuilder();
        for (char c : text.toCharArray()) {
            attacked.append(switch (c) {
                case 'e' -> "\u0435";   // Cyrillic e
                case 'o' -> "\u043E";   // Cyrillic o
                case ' ' -> " \u200B";  // zero-width space after every space
                default -> String.valueOf(c);
            });
        }
        JsonNode clean = detect(text, "--json", "--normalize", "robust");
        JsonNode plain = detect(attacked.toString(), "--json");
        JsonNode robust = detect(attacked.toString(), "--json", "--normalize", "robust");
        assertEquals("[\"invisibles\",\"nfkc\",\"confusables\",\"whitespace\",\"nfc\"]", robust.path("normalizers").toString());
        assertEquals(clean.path("log10_p_value").asDouble(), robust.path("log10_p_value").asDouble(), 1e-12);
        assertEquals("watermarked", robust.path("verdict").asText());
        assertEquals("not_detected", plain.path("verdict").asText(), plain::toString);
        JsonNode list = detect(attacked.toString(), "--json", "--normalize", "confusables,invisibles");
        assertEquals("[\"invisibles\",\"confusables\",\"nfc\"]", list.path("normalizers").toString());
        assertEquals(clean.path("log10_p_value").asDouble(), list.path("log10_p_value").asDouble(), 1e-12);
    }

    @Test
    void detect_unknownNormalizer_exits2NamingTheKnownOnes() {
        String line = cli.runWithStdin(text.getBytes(StandardCharsets.UTF_8), "detect", "--key", key.toString(),
                "--normalize", "nfkc,homoglyphs").usageError();
        assertTrue(line.contains("'homoglyphs'") && line.contains("confusables"), line);
    }

    private static JsonNode detect(String t, String... opts) {
        String[] args = new String[3 + opts.length];
        args[0] = "detect";
        args[1] = "--key";
        args[2] = key.toString();
        System.arraycopy(opts, 0, args, 3, opts.length);
        return cli.runWithStdin(t.getBytes(StandardCharsets.UTF_8), args).ok().json();
    }
}
