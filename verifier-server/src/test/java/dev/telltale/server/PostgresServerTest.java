package dev.telltale.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.server.internal.Postgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers behind one PostgreSQL (as behind a load balancer): they share tokens, reports and the audit
 * chain, and a job that one server was running when it stopped is finished by the other.
 */
class PostgresServerTest {
    @Test
    void twoServersOnOnePostgres_shareEverything_andOneFinishesTheOthersJob(@TempDir Path a, @TempDir Path b) throws Exception {
        String store = Postgres.freshSchemaUrl();
        if (JobsTest.jsonl == null) {
            JobsTest.dataset();
        }
        String analyst;
        String reportId;
        String jobId;
        try (TestServer first = TestServer.start(a, o -> o.withStore(store).withJobCheckpoint(Duration.ofMillis(100)))) {
            assertEquals("postgresql", first.get("/healthz", null).expect(200).path("store").asText());
            analyst = first.token("analyst");
            reportId = first.post("/v1/detect", analyst, TestServer.JSON.createObjectNode().put("text", Texts.watermarked(150, 11)))
                    .expect(200).path("report_id").asText();
            // the second instance shares the signing key and the watermark keys (copied, as an operator would)
            Files.createDirectories(b.resolve("keys"));
            Files.copy(a.resolve("signing-key.json"), b.resolve("signing-key.json"));
            Files.copy(a.resolve("keys").resolve("test.json"), b.resolve("keys").resolve("test.json"));
            Files.copy(a.resolve("admin-token"), b.resolve("admin-token"));
            try (TestServer second = TestServer.start(b, o -> o.withStore(store))) {
                assertTrue(!second.log().contains("created the first admin token"), "the store already has tokens");
                JsonNode r = second.get("/v1/reports/" + reportId, analyst).expect(200);
                assertEquals(reportId, r.path("report").path("report_id").asText());
                assertEquals(first.server.signingKeyFingerprint(), second.server.signingKeyFingerprint());
            }
            jobId = first.postRaw("/v1/jobs?format=jsonl", analyst, JobsTest.jsonl).expect(202).path("id").asText();
            JobsTest.waitFor(first, analyst, jobId, j -> j.path("progress").path("records_done").asInt() > 0);
        }
        try (TestServer second = TestServer.start(b, o -> o.withStore(store))) {
            JsonNode done = JobsTest.waitFor(second, analyst, jobId, j -> !j.path("state").asText().matches("queued|running"));
            assertEquals("done", done.path("state").asText(), done.toString());
            assertEquals(1, done.path("progress").path("resumes").asInt());
            JobsTest.assertSameAsUninterrupted(done.path("result"), JobsTest.expected());
            byte[] audit = second.get("/v1/audit", second.adminToken).body();
            AuditVerifier.Verified v = AuditVerifier.verify(audit, second.get("/v1/signing-key", null).text());
            assertTrue(v.entries() >= 7, "both servers' entries in one chain: " + v.entries());
        }
    }
}
