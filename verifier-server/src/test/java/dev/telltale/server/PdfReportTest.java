package dev.telltale.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.server.internal.PlainWords;
import java.nio.file.Path;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /v1/reports/{id}.pdf} parses back and says the verdict and p-value; only analysts get the tokens. */
class PdfReportTest {
    @TempDir
    static Path data;
    static TestServer srv;
    static String submitter;
    static String analyst;
    static JsonNode detection;

    @BeforeAll
    static void start() {
        srv = TestServer.start(data);
        submitter = srv.token("submitter");
        analyst = srv.token("analyst");
        detection = srv.post("/v1/detect", submitter, TestServer.JSON.createObjectNode().put("text", Texts.watermarked(200, 4)))
                .expect(200);
    }

    @AfterAll
    static void stop() {
        srv.close();
    }

    static String pdfText(TestServer.Response r) throws Exception {
        assertEquals(200, r.status(), r.text());
        assertEquals("application/pdf", r.headers().firstValue("Content-Type").orElse(""));
        try (PDDocument doc = Loader.loadPDF(r.body())) {
            return new PDFTextStripper().getText(doc).replaceAll("\\s+", " "); // wrapped lines read as one
        }
    }

    @Test
    void submitterPdf_saysVerdictAndPValue_withoutPerTokenColours() throws Exception {
        String t = pdfText(srv.get("/v1/reports/" + detection.path("report_id").asText() + ".pdf", submitter));
        assertTrue(t.contains("Verdict: WATERMARKED"), t);
        String p = PlainWords.p(detection.path("log10_p_value").asDouble());
        assertTrue(t.contains("p-value: " + p), "p " + p + " in\n" + t);
        assertTrue(t.contains("by chance about 1 in"), t);
        assertTrue(t.contains(detection.path("key_id").asText()), t);
        assertTrue(t.contains(srv.server.signingKeyFingerprint().substring(0, 12)), t);
        assertFalse(t.contains("Cumulative score"), "no per-token data for submitters");
    }

    @Test
    void analystPdf_addsThePlotAndTheColouredText() throws Exception {
        String t = pdfText(srv.get("/v1/reports/" + detection.path("report_id").asText() + ".pdf", analyst));
        assertTrue(t.contains("Verdict: WATERMARKED"), t);
        assertTrue(t.contains("Cumulative score"), t);
        assertTrue(t.contains("expected without the watermark"), t);
        assertTrue(t.contains("Tokens (green"), t);
        String start = Texts.watermarked(200, 4).substring(0, 12);
        assertTrue(t.contains(start.replaceAll("\\s+", " ").trim()), "the text itself: " + start);
    }

    @Test
    void humanTextPdf_saysNotDetected_inWords() throws Exception {
        JsonNode d = srv.post("/v1/detect", analyst, TestServer.JSON.createObjectNode().put("text", Texts.human(8, 2500))).expect(200);
        String t = pdfText(srv.get("/v1/reports/" + d.path("report_id").asText() + ".pdf", analyst));
        assertTrue(t.contains("Verdict: NOT DETECTED"), t);
        assertTrue(t.contains("not enough evidence"), t);
    }

    @Test
    void otherSubmittersPdf_isForbidden() {
        srv.get("/v1/reports/" + detection.path("report_id").asText() + ".pdf", srv.token("submitter")).error(403, "forbidden");
    }
}
