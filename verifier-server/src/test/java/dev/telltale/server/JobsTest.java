package dev.telltale.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.core.EmbeddedCorpora;
import dev.telltale.core.Tokenizers;
import dev.telltale.detect.Detection;
import dev.telltale.detect.Detector;
import dev.telltale.detect.PooledDetector;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dataset jobs: pooled results, malformed records, limits, and a restart in the middle of a job. */
class JobsTest {
    static List<String> texts;
    static byte[] jsonl;
    static int malformed;

    /** Brown three times over (repeats are deduplicated by the pooled test), short watermarked snippets and bad lines. */
    @BeforeAll
    static void dataset() throws Exception {
        texts = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int round = 0; round < 3; round++) {
            for (EmbeddedCorpora.Document d : EmbeddedCorpora.brown()) {
                out.writeBytes(TestServer.JSON.createObjectNode().put("id", d.id()).put("text", d.text()).toString().getBytes(StandardCharsets.UTF_8));
                out.write('\n');
                texts.add(d.text());
            }
            out.writeBytes("{\"id\": \"broken\", \"text\": \n".getBytes(StandardCharsets.UTF_8));
            out.writeBytes("{\"id\": \"no-text\"}\n".getBytes(StandardCharsets.UTF_8));
            malformed += 2;
        }
        for (int i = 0; i < 40; i++) {
            String w = Texts.watermarked(14, 100 + i);
            out.writeBytes(TestServer.JSON.createObjectNode().put("text", w).toString().getBytes(StandardCharsets.UTF_8));
            out.write('\n');
            texts.add(w);
        }
        jsonl = out.toByteArray();
    }

    /** The uninterrupted pooled test of the same records, in process. */
    static Detection expected() {
        PooledDetector pool = new PooledDetector(new Detector(TestServer.key(), Tokenizers.load("qwen3"), Detector.DEFAULT_ALPHA));
        texts.forEach(pool::addText);
        return pool.result();
    }

    static JsonNode waitFor(TestServer s, String token, String id, java.util.function.Predicate<JsonNode> until) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode j = s.get("/v1/jobs/" + id, token).expect(200);
            if (until.test(j)) {
                return j;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("job " + id + " did not reach the expected state in 3 minutes");
    }

    static void assertSameAsUninterrupted(JsonNode result, Detection exp) {
        assertEquals(exp.tokensTotal(), result.path("tokens_total").asLong());
        assertEquals(exp.tokensScored(), result.path("tokens_scored").asLong());
        assertEquals(exp.score(), result.path("score").asDouble());
        assertEquals(exp.log10PValue(), result.path("log10_p_value").asDouble());
        assertEquals(exp.verdict().json(), result.path("verdict").asText());
    }

    @Test
    void restartInTheMiddleOfAJob_resumesFromItsCheckpoint_andFinishesWithTheSameResult(@TempDir Path data) throws Exception {
        String id;
        String analyst;
        JsonNode atStop;
        try (TestServer first = TestServer.start(data, o -> o.withJobCheckpoint(Duration.ofMillis(100)))) {
            analyst = first.token("analyst");
            id = first.postRaw("/v1/jobs?format=jsonl", analyst, jsonl).expect(202).path("id").asText();
            atStop = waitFor(first, analyst, id, j -> j.path("progress").path("records_done").asInt() > 0);
        } // graceful stop: the job saves a last checkpoint and is handed back
        int total = atStop.path("progress").path("records_total").asInt();
        assertTrue(atStop.path("progress").path("records_done").asInt() < total, "stopped before the end: " + atStop);
        try (TestServer second = TestServer.start(data)) {
            JsonNode stopped = second.get("/v1/jobs/" + id, analyst).expect(200);
            int resumeAt = stopped.path("progress").path("records_done").asInt();
            assertTrue(resumeAt > 0 && resumeAt < total, "checkpoint in the middle: " + stopped);
            JsonNode done = waitFor(second, analyst, id, j -> "done".equals(j.path("state").asText()) || "failed".equals(j.path("state").asText()));
            assertEquals("done", done.path("state").asText(), done.toString());
            assertEquals(1, done.path("progress").path("resumes").asInt());
            assertTrue(done.path("progress").path("resumed_at_record").asInt() >= resumeAt, done.toString());
            JsonNode result = done.path("result");
            assertSameAsUninterrupted(result, expected());
            assertEquals(malformed, result.path("records_skipped").asInt());
            assertEquals(texts.size(), result.path("documents").asInt());
            String reportId = done.path("report_id").asText();
            ReportVerifier.Verified v = ReportVerifier.verifyReport(second.get("/v1/reports/" + reportId, analyst).body(),
                    second.get("/v1/signing-key", null).text());
            assertEquals("dataset", v.body().path("kind").asText());
            assertEquals(id, v.body().path("input").path("job_id").asText());
        }
    }

    @Test
    void plainTextUpload_isOneDocument_andBadUploadsAreClear400s(@TempDir Path data) throws Exception {
        try (TestServer s = TestServer.start(data)) {
            String analyst = s.token("analyst");
            String text = Texts.watermarked(120, 9);
            String id = s.postRaw("/v1/jobs?format=text", analyst, text.getBytes(StandardCharsets.UTF_8)).expect(202).path("id").asText();
            JsonNode done = waitFor(s, analyst, id, j -> "done".equals(j.path("state").asText()));
            JsonNode direct = s.post("/v1/detect", analyst, TestServer.JSON.createObjectNode().put("text", text)).expect(200);
            assertEquals(direct.path("score").asDouble(), done.path("result").path("score").asDouble());
            assertEquals(1, done.path("result").path("documents").asInt());
            s.postRaw("/v1/jobs?format=text", analyst, new byte[] {'a', 0, 'b'}).error(400, "bad_request");
            s.postRaw("/v1/jobs?format=text", analyst, new byte[] {'a', (byte) 0xC3, '(', 'b'}).error(400, "bad_request");
            s.postRaw("/v1/jobs?format=csv", analyst, "x".getBytes()).error(400, "bad_request");
            s.postRaw("/v1/jobs?format=jsonl", analyst, "\n\n".getBytes()).error(400, "bad_request");
            s.postRaw("/v1/jobs?format=text&alpha=2", analyst, "x".getBytes()).error(400, "bad_request");
            s.postRaw("/v1/jobs?kind=model-test", analyst, "x".getBytes()).error(400, "bad_request");
            s.get("/v1/jobs/job_nope", analyst).error(404, "not_found");
            assertTrue(s.get("/v1/jobs", analyst).expect(200).path("jobs").size() >= 1);
        }
    }

    @Test
    void tooManyActiveJobs_is429_andOversizedUpload_is413(@TempDir Path data) {
        try (TestServer s = TestServer.start(data, o -> o.withLimits(new ServerOptions.Limits(1 << 20, 256 * 1024, 200_000, 100,
                20_000, 200_000, 0, 1)).withJobCheckpoint(Duration.ofSeconds(2)))) {
            String analyst = s.token("analyst");
            byte[] big = new byte[300 * 1024];
            java.util.Arrays.fill(big, (byte) 'a');
            s.postRaw("/v1/jobs?format=text", analyst, big).error(413, "payload_too_large");
            byte[] small = java.util.Arrays.copyOf(jsonl, 200 * 1024);
            int cut = new String(small, StandardCharsets.ISO_8859_1).lastIndexOf('\n');
            small = java.util.Arrays.copyOf(small, cut + 1);
            assertEquals(202, s.postRaw("/v1/jobs?format=jsonl", analyst, small).status());
            TestServer.Response r = s.postRaw("/v1/jobs?format=jsonl", analyst, small);
            if (r.status() != 202) { // the first job may already be done on a fast machine
                r.error(429, "too_many_jobs");
                assertTrue(r.headers().firstValue("Retry-After").isPresent());
            }
        }
    }
}
