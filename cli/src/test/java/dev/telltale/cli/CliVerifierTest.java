package dev.telltale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.core.EmbeddedCorpora;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code telltale serve}, {@code tokens} and {@code verify-report} as a user runs them: the server in a child
 * JVM on a free loopback port, then HTTP, then offline verification of what it signed.
 */
class CliVerifierTest {
    @TempDir
    static Path dir;
    static CliRunner cli;
    static Process server;
    static String base;
    static Path data;
    static Path accountKey;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void serve() throws Exception {
        cli = new CliRunner(dir);
        data = dir.resolve("data");
        Files.createDirectories(data.resolve("keys"));
        Path key = data.resolve("keys").resolve("dev.json");
        cli.run("keygen", "--insecure-plaintext", "--out", key.toString()).ok();
        cli.secretOf(key);
        accountKey = data.resolve("keys").resolve("accounts.json");
        cli.run("keygen", "--insecure-plaintext", "--scheme", "kgw-accounts", "--accounts", "1000", "--out",
                accountKey.toString()).ok();
        cli.secretOf(accountKey);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "--add-modules", "jdk.incubator.vector",
                "-Dai.djl.offline=true", "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                Main.class.getName(), "serve", "--port", "0", "--data", data.toString(), "--insecure-plaintext-signing-key", "--json"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve("serve.err").toFile());
        pb.environment().remove(Passphrases.ENV);
        server = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertTrue(line != null, () -> "serve printed nothing; stderr: " + read(dir.resolve("serve.err")));
        base = CliRunner.JSON.readTree(line).path("url").asText().replaceAll("/$", "");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.destroy(); // SIGTERM: the shutdown hook stops the server
            assertTrue(server.waitFor(60, TimeUnit.SECONDS));
        }
        String err = read(dir.resolve("serve.err"));
        assertTrue(err.contains("created the first admin token"), err);
        cli.assertNoSecretPrinted();
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    static HttpResponse<byte[]> http(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void tokensCreatedByTheCli_workOnTheRunningServer_andRevokedOnesDoNot() throws Exception {
        JsonNode created = cli.run("tokens", "create", "--role", "analyst", "--label", "cli test", "--data", data.toString(), "--json")
                .ok().json();
        String token = created.path("token").asText();
        assertEquals(200, http("GET", "/v1/whoami", token, null).statusCode());
        JsonNode other = cli.run("tokens", "create", "--role", "submitter", "--data", data.toString(), "--json").ok().json();
        cli.run("tokens", "revoke", other.path("id").asText(), "--data", data.toString()).ok();
        assertEquals(401, http("GET", "/v1/whoami", other.path("token").asText(), null).statusCode());
        String list = cli.run("tokens", "list", "--data", data.toString()).ok().stdout();
        assertTrue(list.contains(created.path("id").asText()) && list.contains("revoked"), list);
        assertFalse(list.contains(token), "token values are never listed");
        String err = cli.run("tokens", "revoke", "tok_0000000000000000", "--data", data.toString()).usageError();
        assertTrue(err.contains("no active token"), err);
        err = cli.run("tokens", "create", "--role", "king", "--data", data.toString()).usageError();
        assertTrue(err.contains("submitter, analyst or admin"), err);
    }

    /** An analyst's report on an account key carries the traced account, and verify-report says which. */
    @Test
    void verifyReport_ofAnAccountKeyReport_namesTheTracedAccount() throws Exception {
        String admin = Files.readString(data.resolve("admin-token")).strip();
        String text = cli.run("generate", "--key", accountKey.toString(), "--account", "417", "--seed", "3", "--max-tokens",
                "400").ok().stdout();
        String keyId = CliRunner.JSON.readTree(accountKey.toFile()).path("key_id").asText();
        HttpResponse<byte[]> d = http("POST", "/v1/detect", admin,
                CliRunner.JSON.createObjectNode().put("text", text).put("key_id", keyId).toString());
        assertEquals(200, d.statusCode(), () -> new String(d.body(), StandardCharsets.UTF_8));
        Path report = dir.resolve("account-report.json");
        Files.write(report, http("GET", "/v1/reports/" + CliRunner.JSON.readTree(d.body()).path("report_id").asText(), admin,
                null).body());
        JsonNode ok = cli.run("verify-report", report.toString(), "--json").ok().json();
        assertEquals(417, ok.path("account").path("id").asLong(), ok::toString);
        assertTrue(ok.path("account").path("log10_p_value").asDouble() < -6, ok::toString);
        String human = cli.run("verify-report", report.toString()).ok().stdout();
        assertTrue(human.contains("traced to account 417 at p = "), human);
    }

    @Test
    void verifyReport_acceptsWhatTheServerSigned_andRejectsAnEdit() throws Exception {
        String admin = Files.readString(data.resolve("admin-token")).strip();
        String text = EmbeddedCorpora.brown().get(2).text().substring(0, 3000);
        String keyId = CliRunner.JSON.readTree(data.resolve("keys").resolve("dev.json").toFile()).path("key_id").asText();
        HttpResponse<byte[]> d = http("POST", "/v1/detect", admin,
                CliRunner.JSON.createObjectNode().put("text", text).put("key_id", keyId).toString());
        assertEquals(200, d.statusCode(), () -> new String(d.body(), StandardCharsets.UTF_8) + "\n" + read(dir.resolve("serve.err")));
        String id = CliRunner.JSON.readTree(d.body()).path("report_id").asText();
        Path report = dir.resolve("report.json");
        Files.write(report, http("GET", "/v1/reports/" + id, admin, null).body());
        Path pem = dir.resolve("signing-key.pem");
        Files.write(pem, http("GET", "/v1/signing-key", null, null).body());

        JsonNode ok = cli.run("verify-report", report.toString(), "--public-key", pem.toString(), "--json").ok().json();
        assertTrue(ok.path("valid").asBoolean());
        assertTrue(ok.path("pinned").asBoolean());
        assertEquals("not_detected", ok.path("verdict").asText());
        String human = cli.run("verify-report", report.toString()).ok().stdout();
        assertTrue(human.startsWith("valid: report " + id), human);

        Path edited = dir.resolve("edited.json");
        Files.writeString(edited, Files.readString(report).replace("\"not_detected\"", "\"watermarked\""));
        String reason = cli.run("verify-report", edited.toString()).usageError();
        assertTrue(reason.startsWith("telltale verify-report: INVALID: "), reason);

        Path audit = dir.resolve("audit.jsonl");
        Files.write(audit, http("GET", "/v1/audit", admin, null).body());
        JsonNode a = cli.run("verify-report", "--audit", audit.toString(), "--public-key", pem.toString(), "--json").ok().json();
        assertTrue(a.path("entries").asLong() >= 3, a.toString());
        List<String> lines = new ArrayList<>(Files.readAllLines(audit));
        lines.remove(1);
        Files.write(audit, lines);
        assertTrue(cli.run("verify-report", "--audit", audit.toString()).usageError().contains("INVALID"));
        assertTrue(cli.run("verify-report", dir.resolve("missing.json").toString()).usageError().contains("not found"));
    }
}
