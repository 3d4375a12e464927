package dev.telltale.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.telltale.core.AccountCodeParameters;
import dev.telltale.core.AccountKeysParameters;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.detect.AccountAttribution;
import dev.telltale.detect.AccountTracers;
import dev.telltale.detect.Detector;
import dev.telltale.server.internal.PlainWords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Account attribution through the HTTP API (docs/attribution.md): texts generated for one account of a
 * {@code kgw-accounts} key (10^6 accounts) and of a {@code kgw-account-keys} registry are traced to that account
 * by {@code POST /v1/detect}, with exactly the fields and numbers of {@code detect --trace}; human text to none;
 * the signed report carries the account and verifies; the PDF says it in words; roles decide who sees it.
 */
class AccountAttributionApiTest {
    static final long ACCOUNT = 123_456;
    static final long REGISTRY_ACCOUNT = 4_242;
    static final WatermarkKey CODE_KEY = TestServer.accountKey(AccountCodeParameters.V1, 2);
    static final WatermarkKey REGISTRY_KEY = TestServer.accountKey(new AccountKeysParameters(0.25, 2.0, 2, 0.25, 2.0, 100_000), 3);

    @TempDir
    static Path data;
    static TestServer srv;
    static String submitter;
    static String analyst;
    static String codeText;
    static String registryText;
    static String human;

    @BeforeAll
    static void start() {
        TestServer.addKey(data, CODE_KEY);
        TestServer.addKey(data, REGISTRY_KEY);
        srv = TestServer.start(data);
        submitter = srv.token("submitter");
        analyst = srv.token("analyst");
        codeText = Texts.forAccount(CODE_KEY, ACCOUNT, 350, 11);
        registryText = Texts.forAccount(REGISTRY_KEY, REGISTRY_ACCOUNT, 350, 12);
        human = Texts.human(3, 3000);
    }

    @AfterAll
    static void stop() {
        srv.assertNoSecretLogged();
        srv.close();
    }

    static ObjectNode req(WatermarkKey key, String text) {
        return TestServer.JSON.createObjectNode().put("key_id", key.keyId()).put("text", text);
    }

    /** What {@code telltale detect --trace --json} adds for this text (the CLI calls the same tracer on the same ids). */
    static JsonNode cliFields(WatermarkKey key, String text, double alpha) {
        Detector det = new Detector(key, Tokenizers.load("qwen3"), alpha);
        AccountAttribution a = AccountTracers.forKey(key, alpha).trace(det.tokenize(text));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("account", a.accountJson());
        m.put("account_trace", a.traceJson());
        return reparse(m);
    }

    static JsonNode reparse(Object value) {
        try {
            return TestServer.JSON.readTree(TestServer.JSON.writeValueAsString(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode accountFields(JsonNode d) {
        ObjectNode o = TestServer.JSON.createObjectNode();
        o.set("account", d.get("account"));
        o.set("account_trace", d.get("account_trace"));
        return o;
    }

    @Test
    void codeKeyText_isTracedToItsAccount_withTheFieldsOfDetectTrace() {
        JsonNode d = srv.post("/v1/detect", analyst, req(CODE_KEY, codeText)).expect(200);
        assertEquals("watermarked", d.path("verdict").asText(), d::toString); // the shared component
        assertEquals("kgw-accounts", d.path("scheme").asText());
        JsonNode a = d.path("account");
        assertEquals(ACCOUNT, a.path("id").asLong(), d::toString);
        assertTrue(a.path("log10_p_value").asDouble() < -10, d::toString);
        assertEquals(Math.pow(10, a.path("log10_p_value").asDouble()), a.path("p_value").asDouble());
        JsonNode t = d.path("account_trace");
        assertEquals("attributed", t.path("status").asText());
        assertEquals("rs-decode", t.path("method").asText());
        assertEquals(1_000_000, t.path("accounts").asLong());
        assertEquals("account_space", t.path("correction").asText());
        assertEquals(cliFields(CODE_KEY, codeText, Detector.DEFAULT_ALPHA), accountFields(d));
        System.out.printf("kgw-accounts, %d tokens scored: account %d, log10 p = %.2f%n", t.path("tokens_scored").asLong(),
                a.path("id").asLong(), a.path("log10_p_value").asDouble());
    }

    @Test
    void registryKeyText_isTracedToItsAccount_withTheFieldsOfDetectTrace() {
        JsonNode d = srv.post("/v1/detect", analyst, req(REGISTRY_KEY, registryText)).expect(200);
        assertEquals(REGISTRY_ACCOUNT, d.path("account").path("id").asLong(), d::toString);
        assertEquals("registry-search", d.path("account_trace").path("method").asText());
        assertEquals(100_000, d.path("account_trace").path("accounts_searched").asLong());
        assertEquals(cliFields(REGISTRY_KEY, registryText, Detector.DEFAULT_ALPHA), accountFields(d));
    }

    @Test
    void humanText_isTracedToNoAccount() {
        for (WatermarkKey key : new WatermarkKey[] {CODE_KEY, REGISTRY_KEY}) {
            JsonNode d = srv.post("/v1/detect", analyst, req(key, human)).expect(200);
            assertEquals("not_detected", d.path("verdict").asText(), d::toString);
            assertTrue(d.has("account") && d.get("account").isNull(), "account: null for " + key.scheme().schemeId() + ": " + d);
            assertEquals("not_attributed", d.path("account_trace").path("status").asText());
            assertTrue(d.path("account_trace").path("log10_p_value").asDouble() > -3, d::toString);
            assertEquals(cliFields(key, human, Detector.DEFAULT_ALPHA), accountFields(d));
        }
    }

    @Test
    void alpha_isTheAttributionLevel_asForATracerBuiltAtThatAlpha() {
        double strict = 1e-300;
        JsonNode d = srv.post("/v1/detect", analyst, req(CODE_KEY, codeText).put("alpha", strict)).expect(200);
        assertTrue(d.get("account").isNull(), d::toString);
        assertEquals("not_attributed", d.path("account_trace").path("status").asText());
        assertEquals(ACCOUNT, d.path("account_trace").path("candidate").asLong(), "the best candidate is still named in the trace");
        assertEquals(strict, d.path("account_trace").path("alpha").asDouble());
        assertEquals(cliFields(CODE_KEY, codeText, strict), accountFields(d));
    }

    @Test
    void keyWithoutAccounts_hasNoAccountFields_andAskingToTraceIs400() {
        String plain = Texts.watermarked(200, 1);
        JsonNode d = srv.post("/v1/detect", analyst, req(TestServer.key(), plain)).expect(200);
        assertEquals("watermarked", d.path("verdict").asText());
        assertFalse(d.has("account") || d.has("account_trace"), d::toString);
        String m = srv.post("/v1/detect", analyst, req(TestServer.key(), plain).put("trace", true)).error(400, "bad_request");
        assertTrue(m.contains("account key") && m.contains("kgw"), m);
        JsonNode off = srv.post("/v1/detect", analyst, req(TestServer.key(), plain).put("trace", false)).expect(200);
        assertFalse(off.has("account"));
    }

    @Test
    void submittersGetTheVerdictButNoAccount_analystsAndAdminsGetTheAccount() {
        JsonNode s = srv.post("/v1/detect", submitter, req(CODE_KEY, codeText)).expect(200);
        assertEquals("watermarked", s.path("verdict").asText());
        assertFalse(s.has("account") || s.has("account_trace"), "no account for submitters: " + s);
        JsonNode report = srv.get("/v1/reports/" + s.path("report_id").asText(), submitter).json().path("report").path("detection");
        assertTrue(report.has("verdict") && !report.has("account") && !report.has("account_trace"), "nor in their signed report");
        assertTrue(srv.post("/v1/detect", submitter, req(CODE_KEY, codeText).put("trace", true)).error(403, "forbidden")
                .contains("analyst"));
        JsonNode admin = srv.post("/v1/detect", srv.adminToken, req(CODE_KEY, codeText)).expect(200);
        assertEquals(ACCOUNT, admin.path("account").path("id").asLong());
        JsonNode off = srv.post("/v1/detect", analyst, req(CODE_KEY, codeText).put("trace", false)).expect(200);
        assertFalse(off.has("account") || off.has("account_trace"), off::toString);
        assertTrue(srv.post("/v1/detect", analyst, req(CODE_KEY, codeText).put("trace", "yes")).error(400, "bad_request")
                .contains("\"trace\""));
    }

    @Test
    void signedReport_carriesTheAccount_verifies_andTheAuditLogNamesIt() throws Exception {
        JsonNode d = srv.post("/v1/detect", analyst, req(CODE_KEY, codeText)).expect(200);
        String id = d.path("report_id").asText();
        byte[] report = srv.get("/v1/reports/" + id, analyst).body();
        ReportVerifier.Verified v = ReportVerifier.verifyReport(report, srv.get("/v1/signing-key", null).text());
        assertTrue(v.pinned());
        JsonNode signed = v.body().path("detection");
        assertEquals(ACCOUNT, signed.path("account").path("id").asLong());
        assertEquals(accountFields(d), accountFields(signed), "the signed report holds the answered account fields");
        for (WatermarkKey k : new WatermarkKey[] {CODE_KEY, REGISTRY_KEY}) {
            assertFalse(new String(report, StandardCharsets.UTF_8).contains(HexFormat.of().formatHex(k.revealSecret())));
        }

        ObjectNode env = (ObjectNode) TestServer.JSON.readTree(report);
        ((ObjectNode) env.path("report").path("detection").path("account")).put("id", ACCOUNT + 1);
        env.remove("canonical_report");
        VerificationException e = assertThrows(VerificationException.class,
                () -> ReportVerifier.verifyReport(TestServer.JSON.writeValueAsBytes(env), null));
        assertTrue(e.getMessage().contains("signature does not match"), e.getMessage());

        String audit = srv.get("/v1/audit", srv.adminToken).text();
        JsonNode entry = audit.lines().map(l -> reparse(parse(l))).filter(j -> id.equals(j.path("subject").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no audit entry for " + id));
        assertEquals(ACCOUNT, entry.path("details").path("account").asLong(), entry::toString);
    }

    private static JsonNode parse(String line) {
        try {
            return TestServer.JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String pdfText(TestServer server, String reportId, String token) throws IOException {
        TestServer.Response r = server.get("/v1/reports/" + reportId + ".pdf", token);
        assertEquals(200, r.status(), r::text);
        try (PDDocument doc = Loader.loadPDF(r.body())) {
            return new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
        }
    }

    @Test
    void openApi_documentsTheAccountFields() {
        JsonNode api = srv.get("/openapi.json", null).expect(200);
        JsonNode schemas = api.path("components").path("schemas");
        assertEquals("boolean", schemas.path("DetectRequest").path("properties").path("trace").path("type").asText());
        JsonNode detection = schemas.path("Detection").path("properties");
        assertEquals("#/components/schemas/Account", detection.path("account").path("$ref").asText());
        assertEquals("#/components/schemas/AccountTrace", detection.path("account_trace").path("$ref").asText());
        for (String f : new String[] {"id", "p_value", "log10_p_value"}) {
            assertTrue(schemas.path("Account").path("properties").has(f), f);
        }
        JsonNode trace = reparse(AccountTracers.forKey(CODE_KEY, 1e-6).trace(new int[0]).traceJson());
        trace.fieldNames().forEachRemaining(f -> {
            if (!f.equals("code") && !f.equals("symbol_bits") && !f.equals("code_length") && !f.equals("message_symbols")
                    && !f.equals("agreement_positions")) {
                assertTrue(schemas.path("AccountTrace").path("properties").has(f), "AccountTrace documents " + f);
            }
        });
        assertTrue(schemas.path("AccountCounts").path("properties").has("by_account"));
        boolean jobParam = false;
        for (JsonNode p : api.path("paths").path("/v1/jobs").path("post").path("parameters")) {
            jobParam |= "trace".equals(p.path("name").asText());
        }
        assertTrue(jobParam, "POST /v1/jobs documents trace");
    }

    @Test
    void pdf_saysTheTracedAccountAndItsPValue_inWords() throws Exception {
        JsonNode d = srv.post("/v1/detect", analyst, req(CODE_KEY, codeText)).expect(200);
        String t = pdfText(srv, d.path("report_id").asText(), analyst);
        double log10p = d.path("account").path("log10_p_value").asDouble();
        assertTrue(t.contains("Traced account: " + ACCOUNT), t);
        assertTrue(t.contains("account p-value: " + PlainWords.p(log10p)), t);
        assertTrue(t.contains("corrected for 1,000,000 accounts"), t);
        assertTrue(t.contains("so the text names account " + ACCOUNT), t);

        JsonNode h = srv.post("/v1/detect", analyst, req(CODE_KEY, human)).expect(200);
        String ht = pdfText(srv, h.path("report_id").asText(), analyst);
        assertTrue(ht.contains("Account: none named") && ht.contains("names no account"), ht);
    }
}
