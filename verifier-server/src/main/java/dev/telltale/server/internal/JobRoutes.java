package dev.telltale.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.telltale.detect.Detector;
import dev.telltale.detect.PooledDetector;
import dev.telltale.server.internal.StoreRecords.AuditEvent;
import dev.telltale.server.internal.StoreRecords.JobRecord;
import dev.telltale.server.internal.StoreRecords.JobState;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/jobs?kind=dataset&key_id=…&format=jsonl|text&text_field=text&alpha=…&trace=true|false} with the
 * dataset as the body (analysts; {@code trace}, default true for account keys, also traces each document to an
 * account: {@link AccountCounts}), {@code GET /v1/jobs/{id}} (progress, then the result and its signed report),
 * {@code GET /v1/jobs}.
 */
public final class JobRoutes {
    private final ServerContext s;
    private final JobRunner runner;

    public JobRoutes(ServerContext s, JobRunner runner) {
        this.s = s;
        this.runner = runner;
    }

    public void create(Context ctx) {
        Tokens.Principal p = Http.require(ctx, s.tokens(), Role.ANALYST);
        String kind = ctx.queryParam("kind") == null ? "dataset" : ctx.queryParam("kind");
        if (!"dataset".equals(kind) && !"model-test".equals(kind)) {
            throw ApiError.badRequest("job kind must be 'dataset' or 'model-test', got '" + kind + "'");
        }
        long active = s.store().activeJobs(p.tokenId());
        int max = s.options().limits().maxActiveJobsPerToken();
        if (active >= max) {
            throw new ApiError(429, "too_many_jobs", "token " + p.tokenId() + " already has " + active + " active jobs (limit " + max
                    + "); wait for one to finish", 10);
        }
        if ("model-test".equals(kind)) {
            createModelTest(ctx, p);
            return;
        }
        String format = ctx.queryParam("format") == null ? "jsonl" : ctx.queryParam("format");
        String field = ctx.queryParam("text_field") == null ? "text" : ctx.queryParam("text_field");
        double alpha = Detector.DEFAULT_ALPHA;
        if (ctx.queryParam("alpha") != null) {
            try {
                alpha = Double.parseDouble(ctx.queryParam("alpha"));
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("alpha must be a number in (0, 1), got '" + ctx.queryParam("alpha") + "'");
            }
        }
        Detector det = s.keys().detector(ctx.queryParam("key_id"), alpha);
        String traceParam = ctx.queryParam("trace");
        if (traceParam != null && !"true".equals(traceParam) && !"false".equals(traceParam)) {
            throw ApiError.badRequest("trace must be true or false, got '" + traceParam + "'");
        }
        boolean trace = AccountTracing.wanted(traceParam == null ? null : Boolean.valueOf(traceParam), p.role(), det.key());
        try {
            new PooledDetector(det); // refuses a scheme it cannot pool (none today) with a clear message before anything is stored
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        byte[] body = Http.body(ctx, s.options().limits().maxUploadBytes());
        DatasetInput input = DatasetInput.parse(body, format, field);
        ObjectNode params = Http.JSON.createObjectNode();
        params.put("format", format);
        params.put("text_field", field);
        params.put("alpha", alpha);
        params.put("trace", trace);
        params.put("input_sha256", Reports.sha256Hex(body));
        params.put("input_bytes", body.length);
        ObjectNode progress = Http.JSON.createObjectNode();
        progress.put("records_total", input.size());
        progress.put("records_done", 0);
        progress.put("records_skipped", 0);
        progress.put("tokens_total", 0);
        progress.put("resumes", 0);
        String id = Reports.newId("job_");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        JobRecord job = new JobRecord(id, p.tokenId(), kind, JobState.QUEUED, det.key().keyId(), params.toString(), now, now,
                progress.toString(), null, null, null, null, null);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("kind", kind);
        details.put("key_id", det.key().keyId());
        details.put("input_sha256", params.get("input_sha256").asText());
        details.put("records", input.size());
        s.store().insertJob(job, body, new AuditEvent(p.tokenId(), "job.created", id, details));
        runner.wake();
        Http.json(ctx, 202, describe(job));
    }

    private void createModelTest(Context ctx, Tokens.Principal p) {
        byte[] body = Http.body(ctx, s.options().limits().maxRequestBytes());
        JsonNode req = Http.jsonObject(body);
        ObjectNode params = ModelTestJobs.validate(req, s);
        ObjectNode progress = Http.JSON.createObjectNode();
        progress.put("records_total", params.get("prompts").asLong() * params.get("samples").asLong());
        progress.put("records_done", 0);
        progress.put("resumes", 0);
        String id = Reports.newId("job_");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        JobRecord job = new JobRecord(id, p.tokenId(), "model-test", JobState.QUEUED, params.get("key_id").asText(), params.toString(),
                now, now, progress.toString(), null, null, null, null, null);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("kind", "model-test");
        details.put("key_id", params.get("key_id").asText());
        details.put("endpoint", params.get("endpoint").asText());
        details.put("prompts", params.get("prompts").asInt());
        s.store().insertJob(job, body, new AuditEvent(p.tokenId(), "job.created", id, details));
        runner.wake();
        Http.json(ctx, 202, describe(job));
    }

    public void get(Context ctx) {
        Http.require(ctx, s.tokens(), Role.ANALYST);
        String id = ctx.pathParam("id");
        JobRecord j = s.store().job(id).orElseThrow(() -> ApiError.notFound("no job '" + id + "'"));
        Http.json(ctx, 200, describe(j));
    }

    public void list(Context ctx) {
        Http.require(ctx, s.tokens(), Role.ANALYST);
        List<Object> out = new ArrayList<>();
        for (JobRecord j : s.store().jobs(null, 50)) {
            out.add(describe(j));
        }
        Http.json(ctx, 200, Map.of("jobs", out));
    }

    static Map<String, Object> describe(JobRecord j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", j.id());
        m.put("kind", j.kind());
        m.put("state", j.state().json());
        m.put("owner", j.owner());
        m.put("key_id", j.keyId());
        m.put("created", j.created().toString());
        m.put("updated", j.updated().toString());
        m.put("params", tree(j.params()));
        m.put("progress", tree(j.progress()));
        m.put("report_id", j.reportId());
        m.put("result", j.result() == null ? null : tree(j.result()));
        m.put("error", j.error());
        return m;
    }

    private static JsonNode tree(String json) {
        try {
            return Http.JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
