package dev.telltale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code detect} does with its input: empty text is too short, bytes that are not UTF-8 text are refused
 * with the offset of the problem, JSONL lines are reported one by one, and human text (Brown) is not detected.
 * Runs in this JVM with an insecure-plaintext key.
 */
class CliDetectInputTest {
    private static final String BROWN = "telltale-testdata/corpora/brown.jsonl";

    @TempDir
    static Path dir;

    static CliRunner cli;
    static Path key;
    static List<String> brown;

    @BeforeAll
    static void keyAndCorpus() throws Exception {
        cli = new CliRunner(dir);
        key = dir.resolve("plain.key");
        cli.run("keygen", "--insecure-plaintext", "--out", key.toString()).ok();
        cli.secretOf(key);
        try (InputStream in = CliDetectInputTest.class.getClassLoader().getResourceAsStream(BROWN)) {
            assertNotNull(in, BROWN + " is not on the test classpath (telltale-testdata jar)");
            brown = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .filter(l -> !l.isBlank()).collect(Collectors.toList());
        }
    }

    @AfterAll
    static void noSecretWasPrinted() {
        cli.assertNoSecretPrinted();
    }

    @Test
    void detect_emptyStdin_isTooShortWithPValueOne() {
        JsonNode d = cli.runWithStdin(new byte[0], "detect", "--key", key.toString(), "--json").ok().json();
        assertEquals("too_short", d.path("verdict").asText(), d::toString);
        assertEquals(0, d.path("tokens_scored").asLong());
        assertEquals(0.0, d.path("log10_p_value").asDouble());
        assertEquals(1.0, d.path("p_value").asDouble());
    }

    @Test
    void detect_invalidUtf8_exits2WithOneLineReason() throws Exception {
        Path file = write("latin1.txt", new byte[] {'o', 'k', ' ', (byte) 0xC3, 0x28, 'x'});
        String reason = cli.run("detect", "--key", key.toString(), file.toString()).usageError();
        assertTrue(reason.contains("UTF-8") && reason.contains("offset 3"), reason);
    }

    @Test
    void detect_invalidUtf8OnStdin_exits2NamingStandardInput() {
        String reason = cli.runWithStdin(new byte[] {(byte) 0xFF}, "detect", "--key", key.toString()).usageError();
        assertTrue(reason.contains("standard input") && reason.contains("UTF-8") && reason.contains("offset 0"), reason);
    }

    @Test
    void detect_binaryInput_exits2SayingBinary() throws Exception {
        Path file = write("blob.bin", new byte[] {'a', 'b', 'c', 0, 'd', 'e', 'f'});
        String reason = cli.run("detect", "--key", key.toString(), file.toString()).usageError();
        assertTrue(reason.contains("binary") && reason.contains("offset 3"), reason);
    }

    @Test
    void detect_directory_exits2() {
        String reason = cli.run("detect", "--key", key.toString(), dir.toString()).usageError();
        assertTrue(reason.contains("directory"), reason);
    }

    @Test
    void detect_missingInputFile_exits2() {
        Path file = dir.resolve("absent.txt");
        String reason = cli.run("detect", "--key", key.toString(), file.toString()).usageError();
        assertTrue(reason.contains("not found") && reason.contains(file.toString()), reason);
    }

    @Test
    void detect_jsonlWithMalformedLine_reportsEveryLineByIdAndExits2() throws Exception {
        String a = CliRunner.JSON.writeValueAsString(Map.of("id", "a", "text", text(brown.get(0))));
        String b = CliRunner.JSON.writeValueAsString(Map.of("id", "b", "text", text(brown.get(1))));
        Path file = write("mixed.jsonl", (a + "\n{\"id\": \"broken\", \"text\": \n" + b + "\n").getBytes(StandardCharsets.UTF_8));
        CliRunner.Result r = cli.run("detect", "--key", key.toString(), "--input-format", "jsonl", "--json", file.toString());
        assertEquals(2, r.exitCode(), r::toString);
        List<JsonNode> out = r.jsonLines();
        assertEquals(3, out.size(), r::toString);
        assertEquals("a", out.get(0).path("id").asText());
        assertEquals("not_detected", out.get(0).path("verdict").asText());
        assertEquals(2, out.get(1).path("line").asInt(), r::toString);
        assertFalse(out.get(1).path("error").asText().isEmpty(), r::toString);
        assertFalse(out.get(1).has("verdict"), "an unreadable line has no verdict");
        assertEquals("b", out.get(2).path("id").asText());
        assertEquals("not_detected", out.get(2).path("verdict").asText());
        List<String> err = r.stderrLines();
        assertEquals(1, err.size(), r::toString);
        assertTrue(err.get(0).contains("1 input line"), r::toString);
    }

    /** Five documents spread over the corpus, each tested on its own (one JSONL line each) at α = 1e-6. */
    @Test
    void detect_humanBrownDocuments_areNotDetected() throws Exception {
        List<String> five = List.of(brown.get(0), brown.get(100), brown.get(200), brown.get(300), brown.get(400));
        Path file = write("brown5.jsonl", (String.join("\n", five) + "\n").getBytes(StandardCharsets.UTF_8));
        List<JsonNode> out = cli.run("detect", "--key", key.toString(), "--input-format", "jsonl", "--json",
                file.toString()).ok().jsonLines();
        assertEquals(5, out.size());
        for (int i = 0; i < 5; i++) {
            JsonNode d = out.get(i);
            assertEquals(CliRunner.JSON.readTree(five.get(i)).path("id").asText(), d.path("id").asText());
            assertEquals(1e-6, d.path("alpha").asDouble());
            assertTrue(d.path("tokens_scored").asLong() >= 100, d::toString);
            assertEquals("not_detected", d.path("verdict").asText(), d::toString);
        }
    }

    @Test
    void detect_humanOutput_showsVerdictPValueAndKeyId() throws Exception {
        Path file = write("brown.txt", text(brown.get(7)).getBytes(StandardCharsets.UTF_8));
        String keyId = CliRunner.JSON.readTree(key.toFile()).path("key_id").asText();
        CliRunner.Result r = cli.run("detect", "--key", key.toString(), file.toString()).ok();
        assertTrue(r.stdout().contains("verdict: not_detected") && r.stdout().contains("p = ")
                && r.stdout().contains(keyId), r::toString);
    }

    private static String text(String brownLine) throws Exception {
        return CliRunner.JSON.readTree(brownLine).path("text").asText();
    }

    private static Path write(String name, byte[] bytes) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void detect_windowed_onHumanText_reportsTheCorrectedWindow() throws Exception {
        String text = CliRunner.JSON.readTree(brown.get(7)).path("text").asText();
        JsonNode d = cli.runWithStdin(text.getBytes(StandardCharsets.UTF_8), "detect", "--key", key.toString(), "--windowed",
                "--json").ok().json();
        JsonNode w = d.path("window");
        assertEquals("bonferroni", w.path("correction").asText(), d::toString);
        assertTrue(w.path("windows_tried").asLong() > 10, d::toString);
        assertTrue(w.path("log10_p_value").asDouble() >= w.path("log10_p_value_uncorrected").asDouble(), d::toString);
        assertEquals("not_detected", w.path("verdict").asText(), d::toString);
    }
}
