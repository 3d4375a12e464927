package dev.telltale.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.telltale.core.AccountScheme;
import dev.telltale.detect.Detection;
import dev.telltale.detect.PooledDetector;
import dev.telltale.detect.radioactivity.Progress;
import dev.telltale.detect.radioactivity.RadioactivityResult;
import dev.telltale.server.internal.StoreRecords.AuditEvent;
import dev.telltale.server.internal.StoreRecords.JobRecord;
import dev.telltale.server.internal.StoreRecords.JobState;
import dev.telltale.server.internal.StoreRecords.ReportRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs jobs from the store. A server claims a job with a lease, checkpoints it every couple of seconds (the
 * pooled detector's dedup tape and counts, plus the next record), renews the lease with each checkpoint, and
 * on {@link #stop} saves a last checkpoint and gives the job back. Whichever server claims it next (this one
 * after a restart, or another on the same PostgreSQL) resumes from the checkpoint, so the result equals an
 * uninterrupted run. A server that dies without stopping loses its lease after {@code jobLease}.
 */
public final class JobRunner {
    /** First int of a checkpoint that carries {@link AccountCounts} (a record index is never negative). */
    private static final int CHECKPOINT_WITH_ACCOUNTS = -2;
    private final ServerContext s;
    private final String instance = Reports.newId("srv_");
    private final ExecutorService workers;
    private final ScheduledExecutorService poller;
    private final AtomicInteger running = new AtomicInteger();
    private volatile boolean stopping;

    public JobRunner(ServerContext s) {
        this.s = s;
        this.workers = Executors.newFixedThreadPool(s.options().jobWorkers(), r -> daemon(r, "telltale-job"));
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "telltale-job-poller"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public String instance() {
        return instance;
    }

    public long running() {
        return running.get();
    }

    public void start() {
        poller.scheduleWithFixedDelay(this::claim, 0, 1, TimeUnit.SECONDS);
    }

    /** Looks for work now (after a job was submitted). */
    public void wake() {
        if (!stopping) {
            poller.execute(this::claim);
        }
    }

    private void claim() {
        try {
            for (String id : s.store().claimableJobs(Instant.now())) {
                if (stopping || running.get() >= s.options().jobWorkers()) {
                    return;
                }
                if (s.store().claimJob(id, instance, leaseUntil(), Instant.now())) {
                    running.incrementAndGet();
                    workers.execute(() -> {
                        try {
                            run(id);
                        } finally {
                            running.decrementAndGet();
                        }
                    });
                }
            }
        } catch (RuntimeException e) {
            s.log().println("job poller: " + e.getMessage());
        }
    }

    private Instant leaseUntil() {
        return Instant.now().plus(s.options().jobLease());
    }

    private void run(String id) {
        JobRecord job = s.store().job(id).orElseThrow();
        try {
            if ("model-test".equals(job.kind())) {
                runModelTest(job);
            } else {
                runDataset(job);
            }
        } catch (RuntimeException | IOException | InterruptedException e) {
            s.log().println("job " + id + " failed: " + e);
            try {
                s.store().finishJob(id, instance, JobState.FAILED, job.progress(), null, null, e.getMessage(),
                        new AuditEvent("server", "job.failed", id, Map.of("error", String.valueOf(e.getMessage()))));
            } catch (RuntimeException e2) {
                s.log().println("job " + id + ": could not record the failure: " + e2.getMessage());
            }
        }
    }

    private void runDataset(JobRecord job) throws IOException {
        JsonNode params = Http.JSON.readTree(job.params());
        ObjectNode progress = (ObjectNode) Http.JSON.readTree(job.progress());
        DatasetInput input = DatasetInput.parse(s.store().jobInput(job.id()), params.path("format").asText(),
                params.path("text_field").asText());
        double alpha = params.path("alpha").asDouble();
        var detector = s.keys().detector(job.keyId(), alpha);
        AccountCounts accounts = params.path("trace").asBoolean(false)
                ? new AccountCounts((AccountScheme) detector.key().scheme(), alpha) : null;
        PooledDetector pool;
        int next = 0;
        long skipped = 0;
        Optional<byte[]> cp = s.store().jobCheckpoint(job.id());
        if (cp.isPresent()) {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(cp.get()));
            next = in.readInt();
            if (next == CHECKPOINT_WITH_ACCOUNTS) {
                next = in.readInt();
                skipped = in.readLong();
                accounts.read(in);
            } else {
                skipped = in.readLong();
            }
            pool = PooledDetector.restore(detector, in);
            progress.put("resumes", progress.path("resumes").asInt() + 1);
            progress.put("resumed_at_record", next);
        } else {
            pool = new PooledDetector(detector);
        }
        ArrayNode problems = progress.withArray("problems");
        String[] problem = new String[1];
        long lastSave = System.nanoTime();
        for (int i = next; i < input.size(); i++) {
            if (stopping) {
                save(job, progress, pool, accounts, i, skipped);
                s.store().releaseJob(job.id(), instance);
                return;
            }
            String text = input.text(i, problem);
            if (text == null) {
                skipped++;
                if (problems.size() < 20) {
                    problems.add(problem[0]);
                }
            } else if (accounts == null) {
                pool.addText(text);
            } else {
                int[] ids = detector.tokenize(text);
                pool.addIds(ids);
                accounts.add(s.keys().trace(job.keyId(), ids, alpha));
            }
            if (System.nanoTime() - lastSave > s.options().jobCheckpoint().toNanos()) {
                if (!save(job, progress, pool, accounts, i + 1, skipped)) {
                    return; // another server holds the job now
                }
                lastSave = System.nanoTime();
            }
        }
        finish(job, params, progress, pool, accounts, input.size(), skipped);
    }

    private void runModelTest(JobRecord job) throws IOException, InterruptedException {
        JsonNode req = Http.JSON.readTree(s.store().jobInput(job.id()));
        ObjectNode progress = (ObjectNode) Http.JSON.readTree(job.progress());
        if (progress.path("records_done").asLong() > 0) {
            progress.put("resumes", progress.path("resumes").asInt() + 1); // not checkpointed: starts again
        }
        long[] last = {System.nanoTime()};
        boolean[] lost = {false};
        RadioactivityResult r;
        try {
            r = ModelTestJobs.run(s, req, new Progress() {
                @Override
                public void update(long done, long total) {
                    progress.put("records_done", done);
                    if (System.nanoTime() - last[0] > s.options().jobCheckpoint().toNanos() || done == total) {
                        lost[0] = !s.store().saveJobProgress(job.id(), instance, progress.toString(), null, leaseUntil());
                        last[0] = System.nanoTime();
                    }
                }

                @Override
                public boolean cancelled() {
                    return stopping || lost[0];
                }
            });
        } catch (CancellationException e) {
            if (!lost[0]) {
                s.store().releaseJob(job.id(), instance);
            }
            return;
        }
        Map<String, Object> result = r.toJson();
        JsonNode params = Http.JSON.readTree(job.params());
        ObjectNode in = Http.JSON.createObjectNode();
        in.put("form", "model-test");
        in.put("endpoint", params.path("endpoint").asText());
        in.put("model", params.path("model").asText(null));
        in.put("prompts", params.path("prompts").asInt());
        in.put("prompts_sha256", Reports.sha256Hex(Jcs.canonicalize(req.get("prompts"))));
        in.put("job_id", job.id());
        finishWithReport(job, progress, "model-test", in, result, r.detection());
    }

    /**
     * Saves progress and a checkpoint whose resume point is record {@code next}; false if the lease was lost. The
     * checkpoint is {@code next, skipped, pool}, or with account counts {@code -2, next, skipped, counts, pool}.
     */
    private boolean save(JobRecord job, ObjectNode progress, PooledDetector pool, AccountCounts accounts, int next, long skipped)
            throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buf);
        if (accounts != null) {
            out.writeInt(CHECKPOINT_WITH_ACCOUNTS);
        }
        out.writeInt(next);
        out.writeLong(skipped);
        if (accounts != null) {
            accounts.write(out);
        }
        pool.checkpoint(out);
        out.flush();
        fill(progress, pool, next, skipped);
        return s.store().saveJobProgress(job.id(), instance, progress.toString(), buf.toByteArray(), leaseUntil());
    }

    private static void fill(ObjectNode progress, PooledDetector pool, int done, long skipped) {
        Detection d = pool.result();
        progress.put("records_done", done);
        progress.put("records_skipped", skipped);
        progress.put("tokens_total", d.tokensTotal());
        progress.put("tokens_scored", d.tokensScored());
    }

    private void finish(JobRecord job, JsonNode params, ObjectNode progress, PooledDetector pool, AccountCounts accounts, int total,
                        long skipped) {
        fill(progress, pool, total, skipped);
        Detection d = pool.result();
        Map<String, Object> result = d.toJson(null);
        result.put("documents", pool.documents());
        result.put("records_skipped", skipped);
        if (accounts != null) {
            result.put("account_counts", accounts.json());
        }
        ObjectNode in = Http.JSON.createObjectNode();
        in.put("form", "dataset");
        in.put("sha256", params.path("input_sha256").asText());
        in.put("bytes", params.path("input_bytes").asLong());
        in.put("format", params.path("format").asText());
        in.put("records", total);
        in.put("job_id", job.id());
        finishWithReport(job, progress, "dataset", in, result, d);
    }

    private void finishWithReport(JobRecord job, ObjectNode progress, String kind, ObjectNode in, Map<String, Object> result,
                                  Detection d) {
        String reportId = Reports.newId("rpt_");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ObjectNode body = s.reports().body(reportId, now, kind, job.owner(), in, result);
        String signed = s.reports().sign(body).toString();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("report_id", reportId);
        details.put("verdict", d.verdict().json());
        details.put("log10_p_value", d.log10PValue());
        s.store().finishJob(job.id(), instance, JobState.DONE, progress.toString(), Http.JSON.valueToTree(result).toString(),
                new ReportRecord(reportId, job.owner(), now, job.keyId(), kind, signed, null, null), null,
                new AuditEvent("server", "job.finished", job.id(), details));
        s.metrics().report();
    }

    /** Stops taking jobs; running jobs checkpoint and are released for the next server. */
    public void stop() {
        stopping = true;
        poller.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
