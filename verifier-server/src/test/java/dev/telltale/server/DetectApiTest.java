package dev.telltale.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.telltale.core.Tokenizers;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /v1/detect} and the public endpoints over a real loopback port: results, roles and every error. */
class DetectApiTest {
    @TempDir
    static Path data;
    static TestServer srv;
    static String submitter;
    static String analyst;
    static String watermarked;

    @BeforeAll
    static void start() {
        srv = TestServer.start(data, o -> o.withLimits(ServerOptions.Limits.DEFAULT.withMaxRequestBytes(64 * 1024).withMaxTextChars(20_000)));
        submitter = srv.token("submitter");
        analyst = srv.token("analyst");
        watermarked = Texts.watermarked(200, 1);
    }

    @AfterAll
    static void stop() {
        srv.assertNoSecretLogged();
        srv.close();
    }

    static ObjectNode req(String text) {
        return TestServer.JSON.createObjectNode().put("text", text);
    }

    @Test
    void watermarkedText_isDetected_withTheCliContractAndAReportId() {
        JsonNode d = srv.post("/v1/detect", submitter, req(watermarked)).expect(200);
        assertEquals("watermarked", d.path("verdict").asText(), d.toString());
        assertTrue(d.path("report_id").asText().matches("rpt_[0-9a-f]{20}"));
        assertEquals(TestServer.key().keyId(), d.path("key_id").asText());
        for (String f : new String[] {"scheme", "scheme_params", "tokenizer", "tokenizer_sha256", "tokenizer_impl", "normalization",
                "tokens_total", "tokens_scored", "score", "score_definition", "mean_score", "green_fraction", "p_value",
                "log10_p_value", "alpha", "verdict"}) {
            assertTrue(d.has(f), "missing " + f + " in " + d);
        }
        assertTrue(d.path("log10_p_value").asDouble() < -6);
        assertFalse(d.has("highlights"), "no per-token data unless an analyst asks");
    }

    @Test
    void humanText_isNotDetected() {
        JsonNode d = srv.post("/v1/detect", submitter, req(Texts.human(3, 3000))).expect(200);
        assertEquals("not_detected", d.path("verdict").asText(), d.toString());
    }

    @Test
    void ids_giveTheSameResultAsTheirText() {
        int[] ids = Tokenizers.load("qwen3").encode(java.text.Normalizer.normalize(watermarked, java.text.Normalizer.Form.NFC));
        ObjectNode r = TestServer.JSON.createObjectNode();
        ArrayNode a = r.putArray("ids");
        for (int id : ids) {
            a.add(id);
        }
        JsonNode byIds = srv.post("/v1/detect", submitter, r).expect(200);
        JsonNode byText = srv.post("/v1/detect", submitter, req(watermarked)).expect(200);
        assertEquals(byText.path("score").asDouble(), byIds.path("score").asDouble());
        assertEquals(byText.path("tokens_scored").asLong(), byIds.path("tokens_scored").asLong());
        assertEquals(byText.path("log10_p_value").asDouble(), byIds.path("log10_p_value").asDouble());
    }

    @Test
    void analystHighlights_agreeWithTheCounts() {
        JsonNode d = srv.post("/v1/detect", analyst, req(watermarked).put("highlight", true)).expect(200);
        JsonNode h = d.path("highlights");
        assertEquals(d.path("tokens_total").asLong(), h.size());
        long scored = 0;
        long green = 0;
        StringBuilder text = new StringBuilder();
        for (JsonNode t : h) {
            text.append(t.path("text").asText());
            if (!t.path("score").isNull()) {
                scored++;
                green += t.path("green").asBoolean() ? 1 : 0;
                assertEquals(t.path("green").asBoolean() ? 1.0 : 0.0, t.path("score").asDouble());
            }
        }
        assertEquals(d.path("tokens_scored").asLong(), scored);
        assertEquals(d.path("score").asDouble(), (double) green);
        assertEquals(java.text.Normalizer.normalize(watermarked, java.text.Normalizer.Form.NFC), text.toString(),
                "the pieces spell the (normalised) text");
    }

    @Test
    void submitterAskingForHighlights_isForbidden() {
        srv.post("/v1/detect", submitter, req(watermarked).put("highlight", true)).error(403, "forbidden");
    }

    @Test
    void submitterShortText_isRefusedAsTooShort_butAnalystsGetAResult() {
        String shortText = Texts.human(5, 200);
        String m = srv.post("/v1/detect", submitter, req(shortText)).error(422, "too_short");
        assertTrue(m.contains("100"), m);
        assertEquals(200, srv.post("/v1/detect", analyst, req(shortText)).status());
    }

    @Test
    void missingOrInvalidTokens_are401() {
        srv.post("/v1/detect", null, req(watermarked)).error(401, "unauthorized");
        srv.post("/v1/detect", "tt_not-a-real-token", req(watermarked)).error(401, "unauthorized");
        srv.post("/v1/detect", "garbage", req(watermarked)).error(401, "unauthorized");
    }

    @Test
    void malformedJson_is400_never500() {
        for (String body : new String[] {"{", "{\"text\": \"abc\"", "not json", "[1,2,3]", "{\"text\": \"a\"} trailing", ""}) {
            srv.post("/v1/detect", submitter, body).error(400, "bad_request");
        }
    }

    @Test
    void badFields_are400_withAClearMessage() {
        assertTrue(srv.post("/v1/detect", submitter, "{}").error(400, "bad_request").contains("exactly one"));
        assertTrue(srv.post("/v1/detect", submitter, req("x").set("ids", TestServer.JSON.createArrayNode().add(1)))
                .error(400, "bad_request").contains("exactly one"));
        assertTrue(srv.post("/v1/detect", submitter, req(watermarked).put("alpha", 2)).error(400, "bad_request").contains("alpha"));
        assertTrue(srv.post("/v1/detect", submitter, req("   ")).error(400, "bad_request").contains("empty"));
        assertTrue(srv.post("/v1/detect", submitter, req("abc\u0000def")).error(400, "bad_request").contains("binary"));
        assertTrue(srv.post("/v1/detect", submitter, "{\"text\": 42}").error(400, "bad_request").contains("string"));
        assertTrue(srv.post("/v1/detect", submitter, "{\"ids\": [1, -2]}").error(400, "bad_request").contains("ids[1]"));
        assertTrue(srv.post("/v1/detect", submitter, "{\"ids\": [1, 999999999]}").error(400, "bad_request").contains("ids[1]"));
        assertTrue(srv.post("/v1/detect", submitter, "{\"text\": \"a\\ud800b\"}").error(400, "bad_request").contains("surrogate"));
    }

    @Test
    void unknownKey_is404() {
        assertTrue(srv.post("/v1/detect", submitter, req(watermarked).put("key_id", "0123456789abcdef")).error(404, "not_found")
                .contains("0123456789abcdef"));
    }

    @Test
    void oversizedBody_is413_andOverlongText_is413() {
        String big = "a".repeat(70 * 1024);
        srv.post("/v1/detect", submitter, req(big)).error(413, "payload_too_large");
        String longText = "word ".repeat(5000); // 25,000 chars < 64 KiB body, > 20,000-char text limit
        srv.post("/v1/detect", submitter, req(longText)).error(413, "text_too_long");
    }

    @Test
    void rateLimit_is429_withRetryAfter() {
        String limited = srv.token("submitter", 300); // 300 scored tokens per minute
        JsonNode first = srv.post("/v1/detect", limited, req(watermarked)).expect(200);
        assertTrue(first.path("tokens_total").asLong() < 300 + 200);
        TestServer.Response r = null;
        for (int i = 0; i < 3; i++) {
            r = srv.post("/v1/detect", limited, req(watermarked));
            if (r.status() == 429) {
                break;
            }
        }
        r.error(429, "rate_limited");
        long retry = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retry >= 1 && retry <= 120, "Retry-After " + retry);
        assertEquals(200, srv.post("/v1/detect", analyst, req(watermarked)).status(), "other tokens are not affected");
    }

    @Test
    void healthz_metrics_openapi_signingKey_keys() {
        JsonNode h = srv.get("/healthz", null).expect(200);
        assertEquals("ok", h.path("status").asText());
        assertEquals("sqlite", h.path("store").asText());
        srv.post("/v1/detect", submitter, req(watermarked)).expect(200);
        TestServer.Response m = srv.get("/metrics", null);
        assertEquals(200, m.status());
        assertTrue(m.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        assertTrue(m.text().contains("telltale_http_requests_total{method=\"POST\",route=\"/v1/detect\",status=\"200\"}"), m.text());
        assertTrue(m.text().matches("(?s).*telltale_tokens_scored_total [1-9].*"), m.text());
        assertTrue(m.text().contains("telltale_http_request_duration_seconds_bucket{le=\"+Inf\"}"));
        TestServer.Response pem = srv.get("/v1/signing-key", null);
        assertTrue(pem.text().startsWith("-----BEGIN PUBLIC KEY-----"), pem.text());
        JsonNode keys = srv.get("/v1/keys", submitter).expect(200).path("keys");
        assertEquals(1, keys.size());
        assertEquals(TestServer.key().keyId(), keys.get(0).path("key_id").asText());
        assertFalse(keys.toString().contains("secret"), "no secret in the key list: " + keys);
    }

    @Test
    void openApi_documentsEveryRoute() {
        JsonNode paths = srv.get("/openapi.json", null).expect(200).path("paths");
        Map<String, String[]> routes = Map.of("/healthz", new String[] {"get"}, "/metrics", new String[] {"get"},
                "/v1/detect", new String[] {"post"}, "/v1/reports/{id}", new String[] {"get"}, "/v1/jobs", new String[] {"get", "post"},
                "/v1/jobs/{id}", new String[] {"get"}, "/v1/tokens", new String[] {"get", "post"}, "/v1/tokens/{id}",
                new String[] {"delete"}, "/v1/audit", new String[] {"get"}, "/v1/keys", new String[] {"get", "post"});
        routes.forEach((path, methods) -> {
            for (String m : methods) {
                assertTrue(paths.path(path).has(m), "openapi.json lacks " + m + " " + path);
            }
        });
        for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
            String p = it.next();
            int status = srv.get(p.replace("{id}", "rpt_00000000000000000000"), analyst).status();
            assertTrue(status != 500, p + " answered 500");
        }
    }

    @Test
    void unknownRoute_isAJson404() {
        assertTrue(srv.get("/v1/nothing-here", submitter).error(404, "not_found").contains("/v1/nothing-here"));
    }

    @Test
    void webPage_isServed() {
        TestServer.Response r = srv.get("/", null);
        assertEquals(200, r.status());
        assertTrue(r.text().contains("<label for=\"token\">API token</label>"), r.text());
    }
}
