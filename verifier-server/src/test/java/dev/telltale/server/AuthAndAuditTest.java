package dev.telltale.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens and roles, the first admin token, and the hash-chained audit log with its export and verifier. */
class AuthAndAuditTest {
    @TempDir
    Path data;

    @Test
    void firstStart_writesOneAdminToken_mode600_andSaysSoOnce() throws Exception {
        String first;
        try (TestServer s = TestServer.start(data)) {
            assertTrue(s.log().contains("created the first admin token"), s.log());
            assertFalse(s.log().contains(s.adminToken), "the token itself is not logged");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("admin-token"))));
            first = s.adminToken;
            assertEquals("admin", s.get("/v1/whoami", first).expect(200).path("role").asText());
        }
        try (TestServer again = TestServer.start(data)) {
            assertFalse(again.log().contains("created the first admin token"), again.log());
            assertEquals(first, again.adminToken);
            assertEquals(200, again.get("/v1/whoami", first).status());
        }
    }

    @Test
    void roles_gateEveryPrivilegedEndpoint() {
        try (TestServer s = TestServer.start(data)) {
            String sub = s.token("submitter");
            String ana = s.token("analyst");
            for (String t : new String[] {sub, ana}) {
                s.get("/v1/tokens", t).error(403, "forbidden");
                s.post("/v1/tokens", t, "{\"role\":\"admin\"}").error(403, "forbidden");
                s.get("/v1/audit", t).error(403, "forbidden");
                s.post("/v1/keys", t, "{}").error(403, "forbidden");
                s.delete("/v1/tokens/tok_0000000000000000", t).error(403, "forbidden");
            }
            s.get("/v1/jobs", sub).error(403, "forbidden");
            s.postRaw("/v1/jobs?format=text", sub, "hello".getBytes()).error(403, "forbidden");
            assertEquals(200, s.get("/v1/jobs", ana).status());
            s.get("/v1/tokens", null).error(401, "unauthorized");
            s.post("/v1/tokens", s.adminToken, "{\"role\":\"overlord\"}").error(400, "bad_request");
            s.post("/v1/tokens", s.adminToken, "{\"role\":\"analyst\",\"tokens_per_minute\":-5}").error(400, "bad_request");
        }
    }

    @Test
    void tokens_areListedWithoutSecrets_andRevocationTakesEffectAtOnce() {
        try (TestServer s = TestServer.start(data)) {
            JsonNode created = s.post("/v1/tokens", s.adminToken, "{\"role\":\"analyst\",\"label\":\"bob\"}").expect(201);
            String token = created.path("token").asText();
            String id = created.path("id").asText();
            assertTrue(token.startsWith("tt_") && token.length() >= 40, token);
            JsonNode list = s.get("/v1/tokens", s.adminToken).expect(200).path("tokens");
            assertEquals(2, list.size());
            assertFalse(list.toString().contains(token), "token values are never listed");
            assertFalse(list.toString().contains("hash"), "nor their hashes");
            assertEquals(200, s.get("/v1/whoami", token).status());
            assertEquals(true, s.delete("/v1/tokens/" + id, s.adminToken).expect(200).path("revoked").asBoolean());
            s.get("/v1/whoami", token).error(401, "unauthorized");
            s.delete("/v1/tokens/" + id, s.adminToken).error(404, "not_found");
        }
    }

    @Test
    void adminCreatesKeys_sealedWhenTheServerHasAPassphrase_andDetectsWithThemAtOnce(@TempDir Path sealedData) throws Exception {
        char[] pass = "key passphrase".toCharArray();
        try (TestServer s = TestServer.start(sealedData, o -> o.withInsecurePlaintextSigningKey(false).withPassphrase(pass))) {
            JsonNode k = s.post("/v1/keys", s.adminToken, "{\"scheme\":\"gumbel\"}").expect(201);
            String id = k.path("key_id").asText();
            assertEquals("gumbel", k.path("scheme").path("id").asText());
            assertFalse(k.toString().contains("secret"), k.toString());
            JsonNode file = TestServer.JSON.readTree(sealedData.resolve("keys").resolve(id + ".json").toFile());
            assertTrue(file.has("sealed_secret") && !file.has("insecure_plaintext_secret"), file.toString());
            assertEquals(2, s.get("/v1/keys", s.adminToken).expect(200).path("keys").size());
            JsonNode d = s.post("/v1/detect", s.adminToken, TestServer.JSON.createObjectNode().put("key_id", id)
                    .put("text", Texts.human(4, 2000))).expect(200);
            assertEquals("gumbel", d.path("scheme").asText());
            s.post("/v1/keys", s.adminToken, "{\"scheme\":\"nope\"}").error(400, "bad_request");
            s.post("/v1/detect", s.adminToken, TestServer.JSON.createObjectNode().put("text", "x")).error(400, "bad_request");
        }
        try (TestServer restarted = TestServer.start(sealedData, o -> o.withInsecurePlaintextSigningKey(false).withPassphrase(pass))) {
            assertEquals(2, restarted.get("/v1/keys", restarted.adminToken).expect(200).path("keys").size(), "the sealed key reloads");
        }
        ServerOptions noPassphrase = ServerOptions.defaults(0, sealedData).withInsecurePlaintextSigningKey(true);
        dev.telltale.core.KeyFiles.KeyFileException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.telltale.core.KeyFiles.KeyFileException.class,
                () -> VerifierServer.start(noPassphrase, new java.io.PrintStream(new java.io.ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains("TELLTALE_KEY_PASSPHRASE"), e.getMessage());
    }

    @Test
    void devServerWithoutPassphrase_writesDevelopmentKeysInClear() throws Exception {
        try (TestServer s = TestServer.start(data)) {
            String id = s.post("/v1/keys", s.adminToken, "{}").expect(201).path("key_id").asText();
            JsonNode file = TestServer.JSON.readTree(data.resolve("keys").resolve(id + ".json").toFile());
            assertTrue(file.has("insecure_plaintext_secret"), "a development server has no passphrase to seal with");
        }
    }

    @Test
    void auditExport_verifies_andAnyTamperingIsFound() throws Exception {
        byte[] export;
        String pem;
        try (TestServer s = TestServer.start(data)) {
            String sub = s.token("submitter");
            ObjectNode req = TestServer.JSON.createObjectNode().put("text", Texts.watermarked(150, 3));
            for (int i = 0; i < 3; i++) {
                s.post("/v1/detect", sub, req).expect(200);
            }
            TestServer.Response r = s.get("/v1/audit", s.adminToken);
            assertEquals(200, r.status());
            export = r.body();
            pem = s.get("/v1/signing-key", null).text();
        }
        AuditVerifier.Verified v = AuditVerifier.verify(export, pem);
        List<String> lines = new String(export, StandardCharsets.UTF_8).lines().toList();
        assertEquals(lines.size() - 1, v.entries());
        List<String> actions = new ArrayList<>();
        for (String l : lines.subList(0, lines.size() - 1)) {
            actions.add(TestServer.JSON.readTree(l).path("action").asText());
        }
        assertTrue(actions.containsAll(List.of("token.created", "server.started", "report.created")), actions.toString());
        assertEquals(3, actions.stream().filter("report.created"::equals).count());

        // one entry altered (the actor of a report), everything else untouched
        int victim = actions.indexOf("report.created");
        List<String> tampered = new ArrayList<>(lines);
        ObjectNode e = (ObjectNode) TestServer.JSON.readTree(lines.get(victim));
        e.put("actor", "tok_someone_else");
        tampered.set(victim, e.toString());
        VerificationException ex = assertThrows(VerificationException.class, () -> AuditVerifier.verify(join(tampered), pem));
        assertTrue(ex.getMessage().contains("line " + (victim + 1)) && ex.getMessage().contains("altered"), ex.getMessage());

        // the altered entry re-hashed: the next entry's prev_hash no longer matches
        e.put("hash", dev.telltale.server.internal.AuditChain.hash(e));
        tampered.set(victim, e.toString());
        ex = assertThrows(VerificationException.class, () -> AuditVerifier.verify(join(tampered), pem));
        assertTrue(ex.getMessage().contains("line " + (victim + 2)) && ex.getMessage().contains("chain is broken"), ex.getMessage());

        // an entry removed
        List<String> removed = new ArrayList<>(lines);
        removed.remove(victim);
        ex = assertThrows(VerificationException.class, () -> AuditVerifier.verify(join(removed), pem));
        assertTrue(ex.getMessage().contains("removed"), ex.getMessage());

        // the last entries cut off: the signed head no longer matches
        List<String> cut = new ArrayList<>(lines.subList(0, 2));
        cut.add(lines.get(lines.size() - 1));
        ex = assertThrows(VerificationException.class, () -> AuditVerifier.verify(join(cut), pem));
        assertTrue(ex.getMessage().contains("signed head"), ex.getMessage());
    }

    private static byte[] join(List<String> lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
