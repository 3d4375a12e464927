package dev.telltale.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.telltale.core.EmbeddedCorpora;
import dev.telltale.core.Tokenizers;
import dev.telltale.embed.serve.ModelPool;
import dev.telltale.embed.serve.ModelServer;
import dev.telltale.embed.serve.ServeConfig;
import dev.telltale.embed.serve.WatermarkPolicy;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kind=model-test} jobs against real OpenAI-compatible endpoints (the project's own model server on
 * loopback): one serving with our watermark, one without.
 */
class ModelTestJobTest {
    static ModelServer serve(WatermarkPolicy policy) {
        return ModelServer.start(ServeConfig.loopback("suspect", ModelPool.of(Texts.model(), 2), Tokenizers.load("qwen3"), policy));
    }

    static ObjectNode request(String endpoint) {
        ObjectNode r = TestServer.JSON.createObjectNode().put("endpoint", endpoint).put("max_tokens", 48).put("seed", 5)
                .put("api_key", "sk-suspect-secret");
        ArrayNode prompts = r.putArray("prompts");
        for (int i = 0; i < 40; i++) {
            String doc = EmbeddedCorpora.brown().get(i * 7).text();
            prompts.add(doc.substring(0, doc.indexOf(' ', 40)));
        }
        return r;
    }

    @Test
    void watermarkedEndpoint_isDetected_cleanOneIsNot_andTheEndpointKeyIsNeverShown(@TempDir Path data) throws Exception {
        try (TestServer srv = TestServer.start(data);
             ModelServer marked = serve(WatermarkPolicy.key(TestServer.key()));
             ModelServer clean = serve(WatermarkPolicy.none())) {
            String analyst = srv.token("analyst");
            JsonNode m = srv.post("/v1/jobs?kind=model-test", analyst, request(marked.baseUrl())).expect(202);
            JsonNode c = srv.post("/v1/jobs?kind=model-test", analyst, request(clean.baseUrl())).expect(202);
            assertFalse(m.toString().contains("sk-suspect-secret"), m.toString());
            JsonNode md = JobsTest.waitFor(srv, analyst, m.path("id").asText(), j -> !j.path("state").asText().matches("queued|running"));
            JsonNode cd = JobsTest.waitFor(srv, analyst, c.path("id").asText(), j -> !j.path("state").asText().matches("queued|running"));
            assertEquals("done", md.path("state").asText(), md.toString());
            assertEquals("watermarked", md.path("result").path("verdict").asText(), md.toString());
            assertEquals(40, md.path("progress").path("records_done").asInt());
            assertTrue(md.path("result").path("pairs_scored").asLong() > 1000, md.toString());
            assertEquals("not_detected", cd.path("result").path("verdict").asText(), cd.toString());
            assertFalse(md.toString().contains("sk-suspect-secret") || srv.get("/v1/jobs", analyst).text().contains("sk-suspect-secret"));
            ReportVerifier.Verified v = ReportVerifier.verifyReport(srv.get("/v1/reports/" + md.path("report_id").asText(), analyst).body(),
                    srv.get("/v1/signing-key", null).text());
            assertEquals("model-test", v.body().path("kind").asText());
            assertFalse(v.body().toString().contains("sk-suspect-secret"));
        }
    }

    @Test
    void badModelTestRequests_areClear400s(@TempDir Path data) {
        try (TestServer srv = TestServer.start(data)) {
            String analyst = srv.token("analyst");
            srv.post("/v1/jobs?kind=model-test", analyst, "{\"endpoint\":\"ftp://x\",\"prompts\":[\"a\"]}").error(400, "bad_request");
            srv.post("/v1/jobs?kind=model-test", analyst, "{\"endpoint\":\"http://127.0.0.1:9/v1\",\"prompts\":[]}").error(400, "bad_request");
            srv.post("/v1/jobs?kind=model-test", analyst, "{\"endpoint\":\"http://127.0.0.1:9/v1\",\"prompts\":[\"a\"],\"temperature\":9}")
                    .error(400, "bad_request");
            srv.post("/v1/jobs?kind=model-test", srv.token("submitter"), "{}").error(403, "forbidden");
        }
    }
}
