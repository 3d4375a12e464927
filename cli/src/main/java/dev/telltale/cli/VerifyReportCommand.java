package dev.telltale.cli;

import dev.telltale.detect.PValues;
import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.server.AuditVerifier;
import dev.telltale.server.ReportVerifier;
import dev.telltale.server.VerificationException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "verify-report", description = "Check a signed report (or, with --audit, an exported audit log) offline: "
        + "exit 0 if it verifies, 2 with the reason if not.")
final class VerifyReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "Report JSON (GET /v1/reports/ID), or audit export with --audit.")
    Path file;

    @Option(names = "--public-key", paramLabel = "PEM", description = "Require this signer (GET /v1/signing-key); without it the "
            + "key named in the document is used and only its fingerprint is printed.")
    Path publicKey;

    @Option(names = "--audit", description = "FILE is an audit log export (GET /v1/audit): check the hash chain and the signed head.")
    boolean audit;

    @Option(names = "--json", description = "Machine-readable result.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        byte[] bytes = Inputs.readBytes(file.toString());
        String pem = publicKey == null ? null : new String(Inputs.readBytes(publicKey.toString()), java.nio.charset.StandardCharsets.UTF_8);
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            if (audit) {
                AuditVerifier.Verified v = AuditVerifier.verify(bytes, pem);
                out.put("valid", true);
                out.put("entries", v.entries());
                out.put("last_hash", v.lastHash());
                out.put("signer_sha256", v.signerFingerprint());
                out.put("pinned", v.pinned());
                System.out.println(json ? Json.line(out) : "valid audit log: " + v.entries() + " entries, chain intact, head signed by sha256:"
                        + v.signerFingerprint() + (v.pinned() ? " (the pinned key)" : " (not pinned: pass --public-key)"));
                return 0;
            }
            ReportVerifier.Verified v = ReportVerifier.verifyReport(bytes, pem);
            JsonNode d = v.body().path("detection");
            out.put("valid", true);
            out.put("report_id", v.body().path("report_id").asText());
            out.put("verdict", d.path("verdict").asText());
            out.put("log10_p_value", d.path("log10_p_value").asDouble());
            out.put("key_id", d.path("key_id").asText());
            JsonNode account = d.path("account"); // account keys, analyst reports: the traced account or null
            String traced = "";
            if (d.has("account")) {
                out.put("account", account.isNull() ? null : Map.of("id", account.path("id").asLong(),
                        "log10_p_value", account.path("log10_p_value").asDouble()));
                traced = account.isNull() ? ", no account traced"
                        : ", traced to account " + account.path("id").asLong() + " at p = "
                                + PValues.format(account.path("log10_p_value").asDouble());
            }
            out.put("signer_sha256", v.signerFingerprint());
            out.put("pinned", v.pinned());
            System.out.println(json ? Json.line(out) : "valid: report " + out.get("report_id") + " (" + out.get("verdict") + ", p = "
                    + PValues.format(d.path("log10_p_value").asDouble()) + ", key " + out.get("key_id") + traced
                    + ") signed by sha256:" + v.signerFingerprint()
                    + (v.pinned() ? " (the pinned key)" : " (not pinned: pass --public-key)"));
            return 0;
        } catch (VerificationException e) {
            throw new UsageException("INVALID: " + e.getMessage());
        }
    }
}
