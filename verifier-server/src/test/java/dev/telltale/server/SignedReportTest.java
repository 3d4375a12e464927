package dev.telltale.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.telltale.core.KeyFiles;
import dev.telltale.server.internal.Jcs;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed reports: what they carry, offline verification (ours and OpenSSL's, with the README's commands),
 * tampering, pinning, and the signing key sealed at rest.
 */
class SignedReportTest {
    @TempDir
    static Path data;
    @TempDir
    static Path work;
    static TestServer srv;
    static String submitter;
    static String reportId;
    static byte[] report;

    @BeforeAll
    static void start() {
        srv = TestServer.start(data);
        submitter = srv.token("submitter");
        JsonNode d = srv.post("/v1/detect", submitter, TestServer.JSON.createObjectNode().put("text", Texts.watermarked(200, 2)))
                .expect(200);
        reportId = d.path("report_id").asText();
        TestServer.Response r = srv.get("/v1/reports/" + reportId, submitter);
        assertEquals(200, r.status());
        report = r.body();
    }

    @AfterAll
    static void stop() {
        srv.assertNoSecretLogged();
        srv.close();
    }

    @Test
    void report_carriesWhatWasTested_andNoSecret() throws Exception {
        JsonNode env = TestServer.JSON.readTree(report);
        JsonNode r = env.path("report");
        assertEquals("telltale-report/v1", r.path("format").asText());
        assertEquals(reportId, r.path("report_id").asText());
        assertTrue(r.path("created").asText().endsWith("Z"));
        assertEquals("telltale", r.path("tool").path("name").asText());
        assertFalse(r.path("tool").path("version").asText().isBlank());
        assertEquals("text", r.path("input").path("form").asText());
        assertTrue(r.path("input").path("sha256").asText().matches("[0-9a-f]{64}"));
        JsonNode d = r.path("detection");
        assertEquals(TestServer.key().keyId(), d.path("key_id").asText());
        assertEquals("kgw", d.path("scheme").asText());
        assertEquals(0.25, d.path("scheme_params").path("gamma").asDouble());
        assertEquals("qwen3", d.path("tokenizer").asText());
        assertTrue(d.path("tokenizer_sha256").asText().matches("[0-9a-f]{64}"));
        assertEquals("fast-bpe", d.path("tokenizer_impl").asText());
        assertEquals("watermarked", d.path("verdict").asText());
        assertEquals(srv.server.signingKeyFingerprint(), env.path("signature").path("public_key_sha256").asText());
        String secretHex = HexFormat.of().formatHex(TestServer.SECRET);
        assertFalse(new String(report, StandardCharsets.UTF_8).contains(secretHex));
    }

    @Test
    void report_verifiesOffline_pinnedToTheServersKey() throws Exception {
        String pem = srv.get("/v1/signing-key", null).text();
        ReportVerifier.Verified v = ReportVerifier.verifyReport(report, pem);
        assertTrue(v.pinned());
        assertEquals(srv.server.signingKeyFingerprint(), v.signerFingerprint());
        assertEquals(reportId, v.body().path("report_id").asText());
    }

    @Test
    void editedReport_failsVerification_withAOneLineReason() throws Exception {
        ObjectNode env = (ObjectNode) TestServer.JSON.readTree(report);
        ((ObjectNode) env.path("report").path("detection")).put("verdict", "not_detected");
        VerificationException e = assertThrows(VerificationException.class,
                () -> ReportVerifier.verifyReport(TestServer.JSON.writeValueAsBytes(env), null));
        assertTrue(e.getMessage().contains("canonical_report differs"), e.getMessage());
        env.remove("canonical_report"); // now only the signature can catch it
        e = assertThrows(VerificationException.class, () -> ReportVerifier.verifyReport(TestServer.JSON.writeValueAsBytes(env), null));
        assertTrue(e.getMessage().contains("signature does not match"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void reformattedReport_stillVerifies_becauseTheSignatureIsOverCanonicalJson() throws Exception {
        JsonNode env = TestServer.JSON.readTree(report);
        byte[] pretty = TestServer.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(env);
        assertTrue(pretty.length > report.length);
        ReportVerifier.verifyReport(pretty, null);
    }

    @Test
    void reportSignedByAnotherKey_failsAgainstThePinnedKey(@TempDir Path other) throws Exception {
        try (TestServer second = TestServer.start(other)) {
            String otherPem = second.get("/v1/signing-key", null).text();
            VerificationException e = assertThrows(VerificationException.class, () -> ReportVerifier.verifyReport(report, otherPem));
            assertTrue(e.getMessage().contains("not by the pinned key"), e.getMessage());
        }
    }

    /** The README's OpenSSL-only check, run exactly as documented (jq, base64, openssl). */
    @Test
    void openssl_verifiesTheReport_withTheReadmeCommands() throws Exception {
        assertTrue(new File("/usr/bin/openssl").canExecute() || new File("/usr/local/bin/openssl").canExecute(),
                "openssl is needed for this test (apt-get install openssl)");
        Files.write(work.resolve("report.json"), report);
        Files.writeString(work.resolve("signing-key.pem"), srv.get("/v1/signing-key", null).text());
        String script = String.join("\n",
                "set -e",
                "jq -r .canonical_report report.json | base64 -d > report.c14n.json",
                "jq -r .signature.value report.json | base64 -d > report.sig",
                "openssl pkeyutl -verify -pubin -inkey signing-key.pem -rawin -in report.c14n.json -sigfile report.sig",
                "openssl pkey -pubin -in signing-key.pem -outform DER | sha256sum");
        Run ok = run(script);
        assertEquals(0, ok.code, ok.out);
        assertTrue(ok.out.contains("Signature Verified Successfully"), ok.out);
        assertTrue(ok.out.contains(srv.server.signingKeyFingerprint()), "the fingerprint is the DER key's SHA-256: " + ok.out);
        assertEquals(new String(Jcs.canonicalize(TestServer.JSON.readTree(report).path("report")), StandardCharsets.UTF_8),
                Files.readString(work.resolve("report.c14n.json")), "the signed bytes are the canonical report");

        byte[] c14n = Files.readAllBytes(work.resolve("report.c14n.json"));
        String tampered = new String(c14n, StandardCharsets.UTF_8).replace("\"verdict\":\"watermarked\"", "\"verdict\":\"not_detected\"");
        Files.writeString(work.resolve("report.c14n.json"), tampered);
        Run bad = run("openssl pkeyutl -verify -pubin -inkey signing-key.pem -rawin -in report.c14n.json -sigfile report.sig");
        assertTrue(bad.code != 0 && bad.out.contains("Signature Verification Failure"), bad.out);
    }

    private record Run(int code, String out) {}

    private static Run run(String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", script).directory(work.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out);
    }

    @Test
    void signingKey_isSealedAtRest_andReopensOnlyWithThePassphrase(@TempDir Path sealedData) throws Exception {
        char[] pass = "correct horse battery staple".toCharArray();
        String fingerprint;
        try (TestServer s = TestServer.start(sealedData, o -> o.withInsecurePlaintextSigningKey(false).withPassphrase(pass))) {
            fingerprint = s.server.signingKeyFingerprint();
        }
        JsonNode file = TestServer.JSON.readTree(sealedData.resolve("signing-key.json").toFile());
        assertTrue(file.has("sealed_private_key"), file.toString());
        assertFalse(file.has("insecure_plaintext_private_key"));
        assertEquals("argon2id", file.path("sealed_private_key").path("kdf").asText());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(sealedData.resolve("signing-key.json"))));
        try (TestServer again = TestServer.start(sealedData, o -> o.withInsecurePlaintextSigningKey(false).withPassphrase(pass))) {
            assertEquals(fingerprint, again.server.signingKeyFingerprint(), "the same key after a restart");
        }
        ServerOptions wrong = ServerOptions.defaults(0, sealedData).withPassphrase("wrong".toCharArray());
        KeyFiles.KeyFileException e = assertThrows(KeyFiles.KeyFileException.class,
                () -> VerifierServer.start(wrong, new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains("wrong passphrase"), e.getMessage());
        ServerOptions none = ServerOptions.defaults(0, sealedData);
        e = assertThrows(KeyFiles.KeyFileException.class, () -> VerifierServer.start(none, new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains("TELLTALE_KEY_PASSPHRASE"), e.getMessage());
    }

    @Test
    void submitter_cannotReadAnotherTokensReport_analystCan() {
        String other = srv.token("submitter");
        srv.get("/v1/reports/" + reportId, other).error(403, "forbidden");
        assertEquals(200, srv.get("/v1/reports/" + reportId, srv.token("analyst")).status());
        srv.get("/v1/reports/rpt_00000000000000000000", submitter).error(404, "not_found");
        assertEquals(404, srv.get("/v1/reports/rpt_..%2F..%2Fetc", submitter).status());
    }
}
