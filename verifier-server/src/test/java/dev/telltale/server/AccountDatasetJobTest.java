package dev.telltale.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.core.AccountCodeParameters;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.detect.AccountAttribution;
import dev.telltale.detect.AccountTracer;
import dev.telltale.detect.AccountTracers;
import dev.telltale.detect.Detector;
import dev.telltale.detect.PooledDetector;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dataset jobs on an account key: every document traced to an account and counted per account (account_counts in
 * the result and the signed report), the counts surviving a restart in the middle of the job, and the trace
 * parameter's errors.
 */
class AccountDatasetJobTest {
    static final WatermarkKey KEY = TestServer.accountKey(AccountCodeParameters.V1, 4);
    static final long A = 31_337;
    static final long B = 999_999;
    static List<String> texts;
    static byte[] jsonl;

    /** Two documents served to A and one to B at the start, 150 human Brown excerpts, one to A at the end, two bad lines. */
    @BeforeAll
    static void dataset() {
        texts = new ArrayList<>();
        texts.add(Texts.forAccount(KEY, A, 300, 21));
        texts.add(Texts.forAccount(KEY, B, 300, 22));
        texts.add(Texts.forAccount(KEY, A, 300, 23));
        for (int i = 0; i < 150; i++) {
            texts.add(Texts.human(i, 4000));
        }
        texts.add(Texts.forAccount(KEY, A, 300, 24));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < texts.size(); i++) {
            out.writeBytes((TestServer.JSON.createObjectNode().put("text", texts.get(i)) + "\n").getBytes(StandardCharsets.UTF_8));
            if (i == 40) {
                out.writeBytes("{\"text\": \n{\"no_text\": 1}\n".getBytes(StandardCharsets.UTF_8));
            }
        }
        jsonl = out.toByteArray();
    }

    /** The counts an uninterrupted run must give: each document traced by the library tracer, counted in process. */
    static Map<Long, double[]> expectedByAccount(long[] attributed) {
        Detector det = new Detector(KEY, Tokenizers.load("qwen3"), Detector.DEFAULT_ALPHA);
        AccountTracer tracer = AccountTracers.forKey(KEY, Detector.DEFAULT_ALPHA);
        Map<Long, double[]> m = new TreeMap<>();
        for (String t : texts) {
            AccountAttribution a = tracer.trace(det.tokenize(t));
            if (a.attributed()) {
                attributed[0]++;
                double[] c = m.computeIfAbsent(a.candidate(), id -> new double[] {0, 0});
                c[0]++;
                c[1] = Math.min(c[1], a.log10PValue());
            }
        }
        return m;
    }

    @Test
    void restartInTheMiddle_resumesTheAccountCounts_andTheSignedReportHoldsThem(@TempDir Path data) throws Exception {
        TestServer.addKey(data, KEY);
        String id;
        String analyst;
        try (TestServer first = TestServer.start(data, o -> o.withJobCheckpoint(Duration.ofMillis(50)))) {
            analyst = first.token("analyst");
            id = first.postRaw("/v1/jobs?format=jsonl&key_id=" + KEY.keyId(), analyst, jsonl).expect(202).path("id").asText();
            JobsTest.waitFor(first, analyst, id, j -> j.path("progress").path("records_done").asInt() > 3);
        }
        try (TestServer second = TestServer.start(data)) {
            JsonNode done = JobsTest.waitFor(second, analyst, id, j -> !"queued".equals(j.path("state").asText())
                    && !"running".equals(j.path("state").asText()));
            assertEquals("done", done.path("state").asText(), done::toString);
            assertEquals(1, done.path("progress").path("resumes").asInt(), "resumed once: " + done);
            int resumedAt = done.path("progress").path("resumed_at_record").asInt();
            assertTrue(resumedAt > 3 && resumedAt < texts.size(), "stopped in the middle: " + done.path("progress"));
            assertTrue(done.path("params").path("trace").asBoolean(), "trace is the default for account keys");
            JsonNode result = done.path("result");
            PooledDetector pool = new PooledDetector(new Detector(KEY, Tokenizers.load("qwen3"), Detector.DEFAULT_ALPHA));
            texts.forEach(pool::addText);
            JobsTest.assertSameAsUninterrupted(result, pool.result());
            assertEquals(2, result.path("records_skipped").asInt());

            JsonNode c = result.path("account_counts");
            long[] attributed = {0};
            Map<Long, double[]> expected = expectedByAccount(attributed);
            assertEquals(3.0, expected.getOrDefault(A, new double[1])[0], "the library traces A's three documents to A");
            assertEquals(1.0, expected.getOrDefault(B, new double[1])[0], "and B's to B");
            assertEquals("kgw-accounts", c.path("scheme").asText());
            assertEquals(1_000_000, c.path("accounts").asLong());
            assertEquals(texts.size(), c.path("documents_traced").asLong(), c::toString);
            assertEquals(attributed[0], c.path("documents_attributed").asLong(), c::toString);
            assertEquals(expected.size(), c.path("accounts_named").asLong());
            assertEquals(0, c.path("documents_too_short").asLong());
            assertFalse(c.path("by_account_truncated").asBoolean());
            JsonNode first = c.path("by_account").get(0);
            assertEquals(A, first.path("id").asLong(), "most documents first: " + c);
            assertEquals(3, first.path("documents").asLong());
            assertEquals(expected.get(A)[1], first.path("log10_p_value").asDouble(), "the strongest of A's documents");
            assertEquals(B, c.path("by_account").get(1).path("id").asLong());
            assertEquals(expected.get(B)[1], c.path("by_account").get(1).path("log10_p_value").asDouble());

            String reportId = done.path("report_id").asText();
            ReportVerifier.Verified v = ReportVerifier.verifyReport(second.get("/v1/reports/" + reportId, analyst).body(),
                    second.get("/v1/signing-key", null).text());
            assertEquals(c, v.body().path("detection").path("account_counts"));
            String pdf = AccountAttributionApiTest.pdfText(second, reportId, analyst);
            assertTrue(pdf.contains(attributed[0] + " of " + texts.size() + " documents traced to " + expected.size() + " account"), pdf);
            assertTrue(pdf.contains("account " + A + " 3 document(s), strongest p = "), pdf);
        }
    }

    @Test
    void traceParameter_isOptional_andItsErrorsAreClear400s(@TempDir Path data) throws Exception {
        TestServer.addKey(data, KEY);
        try (TestServer s = TestServer.start(data)) {
            String analyst = s.token("analyst");
            byte[] one = texts.get(0).getBytes(StandardCharsets.UTF_8);
            String off = s.postRaw("/v1/jobs?format=text&trace=false&key_id=" + KEY.keyId(), analyst, one).expect(202).path("id").asText();
            JsonNode done = JobsTest.waitFor(s, analyst, off, j -> "done".equals(j.path("state").asText()));
            assertEquals("watermarked", done.path("result").path("verdict").asText());
            assertFalse(done.path("result").has("account_counts"), done::toString);
            String m = s.postRaw("/v1/jobs?format=text&trace=true&key_id=" + TestServer.key().keyId(), analyst, one)
                    .error(400, "bad_request");
            assertTrue(m.contains("account key"), m);
            assertTrue(s.postRaw("/v1/jobs?format=text&trace=yes&key_id=" + KEY.keyId(), analyst, one).error(400, "bad_request")
                    .contains("trace"));
            String plain = s.postRaw("/v1/jobs?format=text&key_id=" + TestServer.key().keyId(), analyst, one).expect(202)
                    .path("id").asText();
            JsonNode p = JobsTest.waitFor(s, analyst, plain, j -> "done".equals(j.path("state").asText()));
            assertFalse(p.path("result").has("account_counts"), "keys without accounts: no counts");
        }
    }
}
