package dev.telltale.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.detect.Detector;
import dev.telltale.server.internal.PdfFonts.Style;
import dev.telltale.server.internal.StoreRecords.ReportRecord;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

/**
 * A readable PDF of a signed report: verdict, p-value in plain words, the traced account (account keys), parameters,
 * hashes and the signer's fingerprint; for analysts also the text with scored tokens coloured (green/red, grey = not scored) and a
 * plot of the cumulative score against what a text without the watermark would give. The signed JSON stays
 * the evidence; the PDF says where to find it.
 */
public final class PdfReport {
    private static final Style REGULAR = Style.REGULAR;
    private static final Style BOLD = Style.BOLD;
    /** Tokens shown in the highlighted text (the rest is summarised). */
    static final int MAX_HIGHLIGHTED = 4000;
    /** Accounts listed in a dataset report's PDF (the signed JSON lists up to {@link AccountCounts#MAX_LISTED}). */
    static final int MAX_ACCOUNT_ROWS = 50;

    private PdfReport() {}

    /** @param keysForHighlights the key ring when the reader may see per-token scores, else null */
    public static byte[] render(ReportRecord r, KeyRing keysForHighlights) {
        JsonNode env;
        try {
            env = Http.JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode rep = env.path("report");
        JsonNode d = rep.path("detection");
        try (PDDocument doc = new PDDocument()) {
            PdfWriter w = new PdfWriter(doc);
            w.text(BOLD, 18, "Telltale detection report", Color.BLACK);
            w.gap(6);
            String verdict = d.path("verdict").asText();
            Color vc = "watermarked".equals(verdict) ? new Color(0x0B, 0x6E, 0x2E) : new Color(0x33, 0x33, 0x33);
            w.text(BOLD, 15, "Verdict: " + verdict.replace('_', ' ').toUpperCase(java.util.Locale.ROOT), vc);
            w.text(REGULAR, 11, "p-value: " + PlainWords.p(d.path("log10_p_value").asDouble())
                    + "   (log10 p = " + String.format(java.util.Locale.ROOT, "%.3f", d.path("log10_p_value").asDouble()) + ")", Color.BLACK);
            w.paragraph(REGULAR, 10.5f, PlainWords.explain(verdict, d.path("log10_p_value").asDouble(), d.path("alpha").asDouble(),
                    d.path("tokens_scored").asLong()));
            account(w, d);
            w.gap(8);
            w.text(BOLD, 12, "What was tested", Color.BLACK);
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"report id", rep.path("report_id").asText()});
            rows.add(new String[] {"created", rep.path("created").asText()});
            rows.add(new String[] {"kind", rep.path("kind").asText()});
            rows.add(new String[] {"input sha256", rep.path("input").path("sha256").asText()});
            rows.add(new String[] {"key id", d.path("key_id").asText() + "  (the key is named by id; its secret is never in a report)"});
            rows.add(new String[] {"scheme", d.path("scheme_params").toString()});
            rows.add(new String[] {"tokenizer", d.path("tokenizer").asText() + " (" + d.path("tokenizer_impl").asText() + "), sha256 "
                    + d.path("tokenizer_sha256").asText()});
            rows.add(new String[] {"normalization", d.path("normalization").asText()});
            rows.add(new String[] {"tokens", d.path("tokens_total").asLong() + " total, " + d.path("tokens_scored").asLong()
                    + " scored (each context window + token once)"});
            rows.add(new String[] {"score", d.path("score").asText() + "  -  " + d.path("score_definition").asText()});
            rows.add(new String[] {"alpha", d.path("alpha").asText()});
            rows.add(new String[] {"tool", rep.path("tool").path("name").asText() + " " + rep.path("tool").path("version").asText()});
            rows.add(new String[] {"signed by", "Ed25519 key sha256:" + env.path("signature").path("public_key_sha256").asText()});
            w.table(rows);
            w.gap(6);
            w.paragraph(REGULAR, 9, "The signed JSON report (GET /v1/reports/" + rep.path("report_id").asText() + ") is the evidence: "
                    + "check it with 'telltale verify-report' or with openssl alone (see the verifier-server README).");
            if (keysForHighlights != null && (r.inputText() != null || r.inputIds() != null)) {
                highlights(w, r, d, keysForHighlights);
            }
            w.close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the PDF report: " + e.getMessage(), e);
        }
    }

    /** The traced account of a text ({@code account_trace}) or a dataset's account counts, in words. */
    private static void account(PdfWriter w, JsonNode d) throws IOException {
        JsonNode t = d.path("account_trace");
        if (t.isObject()) {
            String status = t.path("status").asText();
            long candidate = t.path("candidate").isNull() ? -1 : t.path("candidate").asLong();
            double log10p = t.path("log10_p_value").asDouble();
            w.gap(6);
            w.text(BOLD, 13, PlainWords.accountHeadline(status, candidate),
                    "attributed".equals(status) ? new Color(0x0B, 0x6E, 0x2E) : Color.BLACK);
            if (!"too_short".equals(status)) {
                w.text(REGULAR, 11, String.format(java.util.Locale.ROOT, "account p-value: %s   (log10 p = %.3f; corrected for %,d accounts)",
                        PlainWords.p(log10p), log10p, t.path("accounts").asLong()), Color.BLACK);
            }
            w.paragraph(REGULAR, 10.5f, PlainWords.explainAccount(status, candidate, log10p, t.path("alpha").asDouble(),
                    t.path("accounts").asLong(), t.path("method").asText(), t.path("tokens_scored").asLong()));
        }
        JsonNode c = d.path("account_counts");
        if (c.isObject()) {
            w.gap(6);
            w.text(BOLD, 13, "Accounts", Color.BLACK);
            w.paragraph(REGULAR, 10.5f, PlainWords.explainAccountCounts(c.path("documents_traced").asLong(),
                    c.path("documents_attributed").asLong(), c.path("accounts_named").asLong(), c.path("alpha").asDouble(),
                    c.path("accounts").asLong()));
            List<String[]> rows = new ArrayList<>();
            for (JsonNode a : c.path("by_account")) {
                if (rows.size() == MAX_ACCOUNT_ROWS) {
                    rows.add(new String[] {"...", (c.path("accounts_named").asLong() - MAX_ACCOUNT_ROWS) + " more accounts in the signed JSON"});
                    break;
                }
                rows.add(new String[] {"account " + a.path("id").asLong(), a.path("documents").asLong() + " document(s), strongest p = "
                        + PlainWords.p(a.path("log10_p_value").asDouble())});
            }
            if (!rows.isEmpty()) {
                w.table(rows);
            }
        }
    }

    private static void highlights(PdfWriter w, ReportRecord r, JsonNode d, KeyRing keys) throws IOException {
        KeyRing.Entry entry;
        try {
            entry = keys.entry(r.keyId());
        } catch (ApiError e) {
            w.gap(8);
            w.paragraph(REGULAR, 10, "Per-token highlighting is not available: key " + r.keyId() + " is no longer loaded.");
            return;
        }
        Detector det = keys.detector(entry.key().keyId(), d.path("alpha").asDouble());
        int[] ids = r.inputText() != null ? det.tokenize(r.inputText()) : Http.JSON.readValue(r.inputIds(), int[].class);
        Highlighter.Scores sc = Highlighter.score(det, ids);
        String[] pieces = Highlighter.pieces(ids, entry.tokenizer());
        w.newPage();
        w.text(BOLD, 12, "Cumulative score", Color.BLACK);
        double nullMean = d.has("green_fraction") ? d.path("scheme_params").path("gamma").asDouble(Double.NaN) : Double.NaN;
        w.plot(sc.scores(), nullMean);
        w.gap(10);
        w.text(BOLD, 12, "Tokens (green: scored green, red: scored not green, grey: not scored)", Color.BLACK);
        // A token is coloured green when its score is above the per-token mean under H0: the green bit for green-list
        // schemes, m/2 of m SynthID layers, 1 for Gumbel's -ln(1 - r).
        JsonNode params = d.path("scheme_params");
        double threshold = d.has("green_fraction") ? 0.5 : params.has("layers") ? params.path("layers").asDouble() / 2 : 1.0;
        w.tokens(pieces, sc.scores(), threshold, MAX_HIGHLIGHTED);
    }

    /** Page layout helper: a cursor that flows text down A4 pages. */
    static PDRectangle pageSize() {
        return PDRectangle.A4;
    }

    static PDPage newPage(PDDocument doc) {
        PDPage p = new PDPage(pageSize());
        doc.addPage(p);
        return p;
    }
}
