package dev.telltale.server.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.server.internal.StoreRecords.AuditEntry;
import dev.telltale.server.internal.StoreRecords.AuditEvent;
import dev.telltale.server.internal.StoreRecords.JobRecord;
import dev.telltale.server.internal.StoreRecords.JobState;
import dev.telltale.server.internal.StoreRecords.ReportRecord;
import dev.telltale.server.internal.StoreRecords.TokenRecord;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one {@link Store} contract, run on SQLite (on disk) and on a real PostgreSQL. */
abstract class StoreContractTest {
    Store store;
    String url;

    abstract String storeUrl(Path dir);

    @TempDir
    Path dir;

    @BeforeEach
    void open() {
        url = storeUrl(dir);
        store = new JdbcStore(StoreUrls.parse(url, dir));
    }

    @AfterEach
    void close() {
        if (store != null) { // null when open() was skipped (-Dtelltale.pg=off)
            store.close();
        }
    }

    static AuditEvent ev(String action) {
        return new AuditEvent("tester", action, null, Map.of("n", 1));
    }

    @Test
    void tokens_storeHashesOnly_andRevoke() {
        Tokens.Created c = Tokens.create(store, Role.ANALYST, "alice", 5000L, "tester");
        TokenRecord r = store.tokenByHash(Tokens.hash(c.token())).orElseThrow();
        assertEquals(Role.ANALYST, r.role());
        assertEquals(5000L, r.tokensPerMinute());
        assertFalse(r.hash().equals(c.token()));
        assertEquals(1, store.tokenCount());
        assertTrue(store.revokeToken(r.id(), Instant.now(), ev("token.revoked")));
        assertFalse(store.revokeToken(r.id(), Instant.now(), ev("token.revoked")), "already revoked");
        assertTrue(store.tokenByHash(Tokens.hash(c.token())).orElseThrow().revoked() != null);
        Tokens.create(store, Role.SUBMITTER, null, null, "tester");
        assertEquals(2, store.tokens().size());
        // tokens() is ordered by creation time, then by random id: two tokens made in the same millisecond may
        // come in either order, so pick the submitter's by role
        assertEquals(null, store.tokens().stream().filter(t -> t.role() == Role.SUBMITTER).findFirst().orElseThrow()
                .tokensPerMinute());
    }

    @Test
    void reports_roundTrip() {
        ReportRecord r = new ReportRecord("rpt_1", "tok_a", Instant.ofEpochMilli(1234), "k1", "text", "{\"report\":{}}", "héllo 🌍", null);
        store.insertReport(r, ev("report.created"));
        assertEquals(r, store.report("rpt_1").orElseThrow());
        assertTrue(store.report("rpt_2").isEmpty());
    }

    @Test
    void jobs_leaseClaimRelease_andCheckpoint() {
        Instant now = Instant.now();
        JobRecord j = new JobRecord("job_1", "tok_a", "dataset", JobState.QUEUED, "k1", "{}", now, now, "{}", null, null, null, null, null);
        byte[] input = "a\nb\n".getBytes();
        store.insertJob(j, input, ev("job.created"));
        assertArrayEquals(input, store.jobInput("job_1"));
        assertEquals(1, store.activeJobs("tok_a"));
        assertEquals(List.of("job_1"), store.claimableJobs(now));
        assertTrue(store.claimJob("job_1", "srv_A", now.plusSeconds(30), now));
        assertFalse(store.claimJob("job_1", "srv_B", now.plusSeconds(30), now), "leased to A");
        assertTrue(store.claimableJobs(now).isEmpty());
        assertFalse(store.saveJobProgress("job_1", "srv_B", "{\"x\":1}", new byte[] {1}, now.plusSeconds(30)), "B holds no lease");
        assertTrue(store.saveJobProgress("job_1", "srv_A", "{\"x\":2}", new byte[] {7, 8}, now.plusSeconds(30)));
        assertArrayEquals(new byte[] {7, 8}, store.jobCheckpoint("job_1").orElseThrow());
        assertEquals("{\"x\":2}", store.job("job_1").orElseThrow().progress());
        Instant later = now.plusSeconds(60); // A's lease ran out (a crash): B may take over
        assertEquals(List.of("job_1"), store.claimableJobs(later));
        assertTrue(store.claimJob("job_1", "srv_B", later.plusSeconds(30), later));
        store.releaseJob("job_1", "srv_B");
        assertEquals(JobState.QUEUED, store.job("job_1").orElseThrow().state());
        assertTrue(store.claimJob("job_1", "srv_C", now.plusSeconds(30), now));
        store.finishJob("job_1", "srv_C", JobState.DONE, "{}", "{\"r\":1}",
                new ReportRecord("rpt_9", "tok_a", now, "k1", "dataset", "{}", null, null), null, ev("job.finished"));
        JobRecord done = store.job("job_1").orElseThrow();
        assertEquals(JobState.DONE, done.state());
        assertEquals("rpt_9", done.reportId());
        assertTrue(store.report("rpt_9").isPresent());
        assertTrue(store.jobCheckpoint("job_1").isEmpty());
        assertEquals(0, store.activeJobs("tok_a"));
        assertEquals(1, store.jobs(null, 10).size());
        assertEquals(0, store.jobs("tok_other", 10).size());
    }

    @Test
    void audit_isAChain_evenUnderConcurrentWriters() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            fs.add(pool.submit(() -> {
                for (int i = 0; i < 25; i++) {
                    store.audit(new AuditEvent("t" + thread, "test.event", "s" + i, Map.of("i", i, "x", 0.1 * i)));
                }
            }));
        }
        for (Future<?> f : fs) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        List<AuditEntry> all = store.auditEntries(1, 1000);
        assertEquals(100, all.size());
        String prev = AuditChain.GENESIS;
        for (int i = 0; i < all.size(); i++) {
            AuditEntry e = all.get(i);
            assertEquals(i + 1, e.seq());
            assertEquals(prev, e.prevHash());
            assertEquals(e.hash(), AuditChain.hash(AuditChain.exportLine(e)));
            prev = e.hash();
        }
    }

    @Test
    void audit_rowsCannotBeUpdatedOrDeleted_inTheDatabase() throws Exception {
        store.audit(ev("one"));
        StoreUrls.Jdbc jdbc = StoreUrls.parse(url, dir);
        try (Connection c = DriverManager.getConnection(jdbc.url(), jdbc.user(), jdbc.password()); Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate("UPDATE audit SET actor = 'mallory'"));
            assertTrue(e.getMessage().contains("append-only"), e.getMessage());
            e = assertThrows(SQLException.class, () -> s.executeUpdate("DELETE FROM audit"));
            assertTrue(e.getMessage().contains("append-only"), e.getMessage());
        }
    }
}

class SqliteStoreTest extends StoreContractTest {
    @Override
    String storeUrl(Path dir) {
        return "sqlite:" + dir.resolve("t.db");
    }

    @Test
    void kind_isSqlite() {
        assertEquals("sqlite", store.kind());
    }
}

class PostgresStoreTest extends StoreContractTest {
    @Override
    String storeUrl(Path dir) {
        return Postgres.freshSchemaUrl();
    }

    @Test
    void kind_isPostgresql() {
        assertEquals("postgresql", store.kind());
    }
}
