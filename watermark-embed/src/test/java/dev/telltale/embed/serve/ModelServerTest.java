package dev.telltale.embed.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telltale.core.KgwParameters;
import dev.telltale.core.Tt1Prf;
import dev.telltale.core.WatermarkKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAI-compatible server over a real loopback port, spoken to with the JDK's HTTP client. */
class ModelServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String KEY = "sk-test-0123456789abcdef";
    private static final WatermarkKey WATERMARK = ServedModels.kgwKey(11);
    private static ModelServer marked;
    private static ModelServer plain;

    @BeforeAll
    static void start() {
        ModelPool pool = ModelPool.of(ServedModels.MODEL, 2);
        marked = ModelServer.start(ServeConfig.loopback("brown-kn3", pool, ServedModels.TOKENIZER,
                WatermarkPolicy.key(WATERMARK)).withApiKeys(ApiKeys.of(Map.of(KEY, "acme"))));
        plain = ModelServer.start(ServeConfig.loopback("brown-kn3", ModelPool.of(ServedModels.MODEL.copy(), 1),
                ServedModels.TOKENIZER, WatermarkPolicy.none()));
    }

    @AfterAll
    static void stop() {
        marked.close();
        plain.close();
    }

    private static HttpResponse<String> post(ModelServer s, String path, String body, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.baseUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode ok(HttpResponse<String> r) throws IOException {
        assertEquals(200, r.statusCode(), r::body);
        return JSON.readTree(r.body());
    }

    /** Asserts OpenAI's error shape and returns the error object. */
    private static JsonNode error(HttpResponse<String> r, int status) throws IOException {
        assertEquals(status, r.statusCode(), r::body);
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"), () -> r.headers() + " " + r.body());
        JsonNode e = JSON.readTree(r.body()).get("error");
        assertTrue(e.get("message").isTextual() && e.has("type") && e.has("param") && e.has("code"), r.body());
        return e;
    }

    @Test
    void models_listsTheServedModel() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(marked.baseUrl() + "/models"))
                .header("Authorization", "Bearer " + KEY).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode list = ok(r);
        assertEquals("list", list.get("object").asText());
        assertEquals("brown-kn3", list.get("data").get(0).get("id").asText());
        assertEquals("model", list.get("data").get(0).get("object").asText());
    }

    @Test
    void missingOrWrongApiKey_is401InOpenAisShape_andNeverEchoesTheKey() throws Exception {
        JsonNode missing = error(post(marked, "/completions", "{\"model\":\"brown-kn3\",\"prompt\":\"x\"}", null), 401);
        assertTrue(missing.get("message").asText().contains("didn't provide an API key"));
        String wrong = "sk-wrong-key-that-is-long-enough";
        JsonNode bad = error(post(marked, "/completions", "{\"model\":\"brown-kn3\",\"prompt\":\"x\"}", wrong), 401);
        assertEquals("invalid_api_key", bad.get("code").asText());
        assertFalse(bad.get("message").asText().contains(wrong));
    }

    @Test
    void completion_countsUsage_andHonoursMaxTokensAndN() throws Exception {
        String prompt = "The jury said that";
        JsonNode r = ok(post(marked, "/completions",
                "{\"model\":\"brown-kn3\",\"prompt\":\"" + prompt + "\",\"max_tokens\":12,\"n\":3,\"seed\":5}", KEY));
        assertEquals("text_completion", r.get("object").asText());
        assertTrue(r.get("id").asText().startsWith("cmpl-"));
        assertEquals(3, r.get("choices").size());
        int promptTokens = ServedModels.TOKENIZER.encode(prompt).length;
        assertEquals(promptTokens, r.get("usage").get("prompt_tokens").asInt());
        assertEquals(36, r.get("usage").get("completion_tokens").asInt());
        assertEquals(promptTokens + 36, r.get("usage").get("total_tokens").asInt());
        for (int i = 0; i < 3; i++) {
            JsonNode c = r.get("choices").get(i);
            assertEquals(i, c.get("index").asInt());
            assertEquals("length", c.get("finish_reason").asText());
            assertEquals(12, ServedModels.TOKENIZER.encode(c.get("text").asText()).length, 2.0, c.get("text").asText());
        }
    }

    @Test
    void seed_reproducesText_streamedOrNot() throws Exception {
        String body = "{\"model\":\"brown-kn3\",\"prompt\":\"In the morning\",\"max_tokens\":40,\"seed\":42%s}";
        String a = ok(post(marked, "/completions", String.format(body, ""), KEY)).get("choices").get(0).get("text").asText();
        String b = ok(post(marked, "/completions", String.format(body, ""), KEY)).get("choices").get(0).get("text").asText();
        assertEquals(a, b);
        String other = ok(post(marked, "/completions", String.format(body.replace("42", "43"), ""), KEY))
                .get("choices").get(0).get("text").asText();
        assertNotEquals(a, other);
        HttpResponse<String> s = post(marked, "/completions",
                String.format(body, ",\"stream\":true,\"stream_options\":{\"include_usage\":true}"), KEY);
        assertEquals(200, s.statusCode());
        assertTrue(s.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        List<JsonNode> events = events(s.body());
        StringBuilder text = new StringBuilder();
        String finish = null;
        for (JsonNode e : events.subList(0, events.size() - 1)) {
            assertEquals("text_completion", e.get("object").asText());
            JsonNode c = e.get("choices").get(0);
            text.append(c.get("text").asText());
            if (!c.get("finish_reason").isNull()) {
                finish = c.get("finish_reason").asText();
            }
        }
        assertEquals(a, text.toString());
        assertEquals("length", finish);
        JsonNode usage = events.get(events.size() - 1);
        assertEquals(0, usage.get("choices").size());
        assertEquals(40, usage.get("usage").get("completion_tokens").asInt());
    }

    /** Parses a server-sent event stream, checking the framing and the final [DONE]. */
    static List<JsonNode> events(String body) throws IOException {
        assertTrue(body.endsWith("data: [DONE]\n\n"), body);
        List<JsonNode> out = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            assertTrue(block.startsWith("data: "), block);
            if (!block.equals("data: [DONE]")) {
                out.add(JSON.readTree(block.substring(6)));
            }
        }
        assertTrue(out.size() >= 2);
        return out;
    }

    @Test
    void stopSequence_endsTheTextBeforeIt() throws Exception {
        // greedy decoding is deterministic: find text the model will produce, then stop on a piece of it
        String base = "{\"model\":\"brown-kn3\",\"prompt\":\"He said that the\",\"max_tokens\":30,\"temperature\":0%s}";
        String full = ok(post(plain, "/completions", String.format(base, ""), null)).get("choices").get(0).get("text").asText();
        String stop = full.substring(full.length() / 2, full.length() / 2 + 3);
        JsonNode c = ok(post(plain, "/completions", String.format(base, ",\"stop\":[\"" + stop + "\",\"zzzz\"]"), null))
                .get("choices").get(0);
        assertEquals("stop", c.get("finish_reason").asText());
        assertEquals(full.substring(0, full.indexOf(stop)), c.get("text").asText());
        HttpResponse<String> s = post(plain, "/completions", String.format(base, ",\"stop\":\"" + stop + "\",\"stream\":true"), null);
        StringBuilder streamed = new StringBuilder();
        for (JsonNode e : events(s.body())) {
            streamed.append(e.get("choices").get(0).get("text").asText());
        }
        assertEquals(c.get("text").asText(), streamed.toString());
    }

    @Test
    void chat_rendersTheTranscript_andStreamsDeltas() throws Exception {
        String body = "{\"model\":\"brown-kn3\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Tell me about the jury.\"}]}],"
                + "\"max_completion_tokens\":20,\"seed\":3%s}";
        JsonNode r = ok(post(marked, "/chat/completions", String.format(body, ""), KEY));
        assertEquals("chat.completion", r.get("object").asText());
        JsonNode msg = r.get("choices").get(0).get("message");
        assertEquals("assistant", msg.get("role").asText());
        String content = msg.get("content").asText();
        assertFalse(content.isEmpty() || Character.isWhitespace(content.charAt(0)), content);
        String transcript = "System: Be brief.\n\nUser: Tell me about the jury.\n\nAssistant:";
        assertEquals(ServedModels.TOKENIZER.encode(transcript).length, r.get("usage").get("prompt_tokens").asInt());
        List<JsonNode> events = events(post(marked, "/chat/completions", String.format(body, ",\"stream\":true"), KEY).body());
        assertEquals("assistant", events.get(0).get("choices").get(0).get("delta").get("role").asText());
        StringBuilder streamed = new StringBuilder();
        for (JsonNode e : events) {
            assertEquals("chat.completion.chunk", e.get("object").asText());
            streamed.append(e.get("choices").get(0).get("delta").path("content").asText(""));
        }
        assertEquals(content, streamed.toString());
        assertEquals("length", events.get(events.size() - 1).get("choices").get(0).get("finish_reason").asText());
    }

    @Test
    void badRequests_getClearOpenAiErrors() throws Exception {
        assertEquals("model_not_found", error(post(plain, "/completions", "{\"model\":\"gpt-4\",\"prompt\":\"x\"}", null), 404)
                .get("code").asText());
        assertTrue(error(post(plain, "/completions", "{\"model\":", null), 400).get("message").asText().contains("parse the JSON"));
        assertEquals("max_tokens", error(post(plain, "/completions", "{\"model\":\"brown-kn3\",\"max_tokens\":0}", null), 400)
                .get("param").asText());
        assertEquals("temperature", error(post(plain, "/completions", "{\"model\":\"brown-kn3\",\"temperature\":3}", null), 400)
                .get("param").asText());
        assertEquals("logprobs", error(post(plain, "/completions", "{\"model\":\"brown-kn3\",\"logprobs\":5}", null), 400)
                .get("param").asText());
        assertEquals("messages", error(post(plain, "/chat/completions", "{\"model\":\"brown-kn3\",\"messages\":[]}", null), 400)
                .get("param").asText());
        assertEquals("prompt", error(post(plain, "/completions", "{\"model\":\"brown-kn3\",\"prompt\":[1, -4]}", null), 400)
                .get("param").asText());
        assertEquals("unknown_url", error(post(plain, "/nothing-here", "{}", null), 404).get("code").asText());
        String huge = "{\"model\":\"brown-kn3\",\"prompt\":\"" + "a".repeat(Limits.MAX_BODY_BYTES) + "\"}";
        assertEquals("request_too_large", error(post(plain, "/completions", huge, null), 413).get("code").asText());
        // the server still answers after all of that
        ok(post(plain, "/completions", "{\"model\":\"brown-kn3\",\"prompt\":\"x\",\"max_tokens\":2}", null));
    }

    @Test
    void tokenIdPrompts_andPromptArrays_areServedInOrder() throws Exception {
        int[] ids = ServedModels.TOKENIZER.encode("The jury said");
        JsonNode r = ok(post(plain, "/completions", "{\"model\":\"brown-kn3\",\"prompt\":[" + JSON.writeValueAsString(ids)
                + ",\"In the morning\"],\"max_tokens\":3,\"n\":2,\"temperature\":0}", null));
        assertEquals(4, r.get("choices").size());
        assertEquals(r.get("choices").get(0).get("text"), r.get("choices").get(1).get("text")); // greedy
        assertEquals(ids.length + ServedModels.TOKENIZER.encode("In the morning").length,
                r.get("usage").get("prompt_tokens").asInt());
    }

    @Test
    void servedText_carriesTheWatermark_onlyWhenAKeyIsGiven() throws Exception {
        double markedGreen = greenFraction(marked, KEY);
        double plainGreen = greenFraction(plain, null);
        assertTrue(markedGreen > 0.45, "green fraction with the key " + markedGreen);
        assertEquals(0.25, plainGreen, 0.05, "green fraction without the key");
    }

    /** Green fraction (distinct windows) of 2,000 served tokens under the test key. */
    private static double greenFraction(ModelServer s, String key) throws Exception {
        JsonNode r = ok(post(s, "/completions", "{\"model\":\"brown-kn3\",\"prompt\":\"The\",\"max_tokens\":500,\"n\":4,\"seed\":9}", key));
        Tt1Prf prf = WATERMARK.prf();
        long thr = Tt1Prf.greenThreshold(((KgwParameters) WATERMARK.scheme()).gamma());
        java.util.Set<String> seen = new java.util.HashSet<>();
        int green = 0;
        for (JsonNode c : r.get("choices")) {
            int[] ids = ServedModels.TOKENIZER.encode(c.get("text").asText());
            for (int t = 2; t < ids.length; t++) {
                if (seen.add(ids[t - 2] + "," + ids[t - 1] + "," + ids[t])) {
                    green += Tt1Prf.isGreen(Tt1Prf.value(prf.seed(ids, t - 2, t), ids[t]), thr) ? 1 : 0;
                }
            }
        }
        return (double) green / seen.size();
    }

    @Test
    void apiKeysFile_mapsKeysToAccounts_andRefusesBadLines(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("keys.txt");
        Files.writeString(f, "# keys\nsk-aaaaaaaaaaaa acme\n\nsk-bbbbbbbbbbbb\n");
        ApiKeys keys = ApiKeys.read(f);
        assertEquals(2, keys.size());
        assertEquals("acme", keys.authenticate("Bearer sk-aaaaaaaaaaaa").account());
        assertEquals(12, keys.authenticate("bearer sk-bbbbbbbbbbbb").account().length());
        Files.writeString(f, "sk-aaaaaaaaaaaa a\nsk-aaaaaaaaaaaa b\n");
        String msg = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> ApiKeys.read(f)).getMessage();
        assertTrue(msg.contains(":2:") && !msg.contains("sk-aaaa"), msg);
    }

    @Test
    void clientLeavingMidStream_freesTheModelForTheNextRequest() throws Exception {
        // the plain server has a single model instance: a leak would block the next request for minutes
        URI u = URI.create(plain.baseUrl());
        // temperature 0.7 takes the logits path (about a millisecond per token): the stream outlives the client,
        // and its 4,096 events (~600 kB) overflow the socket buffers, so a write fails
        String body = "{\"model\":\"brown-kn3\",\"prompt\":\"The\",\"max_tokens\":4096,\"temperature\":0.7,\"stream\":true}";
        try (java.net.Socket socket = new java.net.Socket(u.getHost(), u.getPort())) {
            socket.getOutputStream().write(("POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            byte[] first = socket.getInputStream().readNBytes(200); // headers and the first events, then hang up
            assertTrue(new String(first, java.nio.charset.StandardCharsets.UTF_8).startsWith("HTTP/1.1 200"));
        }
        HttpResponse<String> next = HTTP.send(HttpRequest.newBuilder(URI.create(plain.baseUrl() + "/completions"))
                .timeout(java.time.Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"brown-kn3\",\"prompt\":\"x\",\"max_tokens\":3}")).build(),
                HttpResponse.BodyHandlers.ofString());
        ok(next);
    }
}
