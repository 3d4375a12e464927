package dev.telltale.embed.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The server as the world's clients see it: the official {@code openai} npm package (version pinned in
 * {@code src/test/node/package.json}) runs {@code openai-client.mjs} against a real loopback server.
 *
 * <p>Needs {@code node} and the package installed next to the script ({@code .ci/run} does
 * {@code npm ci --prefix watermark-embed/src/test/node}); without them this test fails and says so.
 */
class OpenAiNodeClientTest {
    private static final String PINNED = "5.23.2";
    private static final Path DIR = Path.of("src", "test", "node").toAbsolutePath();
    private static final String INSTALL = "npm ci --prefix watermark-embed/src/test/node (the CI script .ci/run does this)";

    @Test
    void officialOpenAiClient_listsCompletesStreamsChatsAndSeesOpenAiErrors() throws Exception {
        requireNodeAndClient();
        String apiKey = "sk-node-client-test-key-0001";
        try (ModelServer server = ModelServer.start(ServeConfig.loopback("brown-kn3", ModelPool.of(ServedModels.MODEL, 2),
                ServedModels.TOKENIZER, WatermarkPolicy.key(ServedModels.kgwKey(5)))
                .withApiKeys(ApiKeys.of(Map.of(apiKey, "node-test"))))) {
            ProcessBuilder pb = new ProcessBuilder("node", DIR.resolve("openai-client.mjs").toString())
                    .directory(DIR.toFile());
            Path errFile = Files.createTempFile("openai-client", ".err");
            pb.redirectError(errFile.toFile());
            pb.environment().put("TELLTALE_BASE_URL", server.baseUrl());
            pb.environment().put("TELLTALE_API_KEY", apiKey);
            pb.environment().put("TELLTALE_MODEL", "brown-kn3");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "node client timed out");
            String stderr = Files.readString(errFile);
            Files.deleteIfExists(errFile);
            JsonNode r;
            try {
                r = new ObjectMapper().readTree(out);
            } catch (IOException e) {
                throw new AssertionError("node client printed no JSON (exit " + p.exitValue() + ")\nstdout: " + out + "\nstderr: " + stderr, e);
            }
            assertEquals(0, p.exitValue(), () -> "node client failed: " + r.path("error").asText() + "\n" + r.path("seen") + "\n" + stderr);
            JsonNode seen = r.get("seen");
            assertEquals("brown-kn3", seen.get("retrieved").asText());
            JsonNode usage = seen.get("completion").get("usage");
            assertEquals(ServedModels.TOKENIZER.encode("The jury said that").length, usage.get("prompt_tokens").asInt());
            assertEquals(24, usage.get("completion_tokens").asInt());
            assertEquals("length", seen.get("completion").get("finish").get(0).asText());
            JsonNode stream = seen.get("stream");
            assertFalse(stream.get("text").asText().isEmpty());
            assertTrue(stream.get("chunks").asInt() > 2, "the stream came in several chunks");
            assertEquals(20, stream.get("usage").get("completion_tokens").asInt());
            assertEquals("assistant", seen.get("chat").get("role").asText());
            assertEquals("assistant", seen.get("chat").get("streamRole").asText());
            assertEquals("invalid_api_key", seen.get("authError").get("code").asText());
            assertEquals("temperature", seen.get("badRequest").get("param").asText());
            assertEquals("model_not_found", seen.get("notFound").get("code").asText());
        }
    }

    private static void requireNodeAndClient() throws Exception {
        try {
            Process v = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            v.getInputStream().readAllBytes();
            if (!v.waitFor(30, TimeUnit.SECONDS) || v.exitValue() != 0) {
                fail("'node --version' failed; install Node.js 18+ (apt-get install nodejs npm), then " + INSTALL);
            }
        } catch (IOException e) {
            fail("Node.js is not installed (no 'node' on PATH): apt-get install nodejs npm, then " + INSTALL);
        }
        Path pkg = DIR.resolve("node_modules/openai/package.json");
        if (!Files.isRegularFile(pkg)) {
            fail("the openai npm package is not installed in " + DIR + ": run " + INSTALL);
        }
        JsonNode installed = new ObjectMapper().readTree(pkg.toFile());
        if (!PINNED.equals(installed.path("version").asText())) {
            fail("openai " + installed.path("version").asText() + " is installed in " + DIR + " but " + PINNED
                    + " is pinned: run " + INSTALL);
        }
    }
}
