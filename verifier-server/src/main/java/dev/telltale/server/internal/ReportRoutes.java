package dev.telltale.server.internal;

import dev.telltale.server.internal.StoreRecords.ReportRecord;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;

/** {@code GET /v1/reports/{id}} (the signed JSON) and {@code GET /v1/reports/{id}.pdf}. */
public final class ReportRoutes {
    private final ServerContext s;

    public ReportRoutes(ServerContext s) {
        this.s = s;
    }

    public void get(Context ctx) {
        Tokens.Principal p = Http.require(ctx, s.tokens(), Role.SUBMITTER);
        String id = ctx.pathParam("id");
        boolean pdf = id.endsWith(".pdf");
        ReportRecord r = readable(p, pdf ? id.substring(0, id.length() - 4) : id);
        if (pdf) {
            byte[] doc = PdfReport.render(r, p.role().atLeast(Role.ANALYST) ? s.keys() : null);
            ctx.status(200).contentType("application/pdf")
                    .header("Content-Disposition", "attachment; filename=\"" + r.id() + ".pdf\"").result(doc);
            return;
        }
        ctx.status(200).contentType("application/json").header("Content-Disposition", "inline; filename=\"" + r.id() + ".json\"")
                .result(r.body().getBytes(StandardCharsets.UTF_8));
    }

    /** The report if {@code p} may read it: its own, or any for analysts and admins. */
    ReportRecord readable(Tokens.Principal p, String id) {
        if (!id.matches("rpt_[0-9a-f]{20}")) {
            throw ApiError.notFound("no report '" + id + "'");
        }
        ReportRecord r = s.store().report(id).orElseThrow(() -> ApiError.notFound("no report '" + id + "'"));
        if (!r.owner().equals(p.tokenId()) && !p.role().atLeast(Role.ANALYST)) {
            throw ApiError.forbidden("report " + id + " belongs to another token; submitters read their own reports");
        }
        return r;
    }
}
