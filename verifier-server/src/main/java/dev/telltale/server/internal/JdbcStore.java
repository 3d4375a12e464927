package dev.telltale.server.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.telltale.server.internal.StoreRecords.AuditEntry;
import dev.telltale.server.internal.StoreRecords.AuditEvent;
import dev.telltale.server.internal.StoreRecords.JobRecord;
import dev.telltale.server.internal.StoreRecords.JobState;
import dev.telltale.server.internal.StoreRecords.ReportRecord;
import dev.telltale.server.internal.StoreRecords.TokenRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link Store} over JDBC for SQLite (WAL, one writer at a time) and PostgreSQL (the audit head row is locked
 * with {@code SELECT … FOR UPDATE}, so several servers append to one chain in turn). Timestamps are epoch
 * milliseconds.
 */
public final class JdbcStore implements Store {
    private final HikariDataSource pool;
    private final Dialect dialect;
    /** SQLite allows one writer; serialising here avoids SQLITE_BUSY retries. PostgreSQL needs no lock. */
    private final ReentrantLock sqliteWriter = new ReentrantLock();
    private final GroupCommit reportWriter;

    public JdbcStore(StoreUrls.Jdbc jdbc) {
        this.dialect = jdbc.dialect();
        HikariConfig c = new HikariConfig();
        c.setPoolName("telltale-store");
        if (dialect == Dialect.SQLITE) {
            String sep = jdbc.url().contains("?") ? "&" : "?";
            c.setJdbcUrl(jdbc.url() + sep + "journal_mode=WAL&synchronous=NORMAL&busy_timeout=30000&transaction_mode=IMMEDIATE");
            c.setMaximumPoolSize(4);
        } else {
            c.setJdbcUrl(jdbc.url());
            c.setMaximumPoolSize(8);
        }
        if (jdbc.user() != null) {
            c.setUsername(jdbc.user());
        }
        if (jdbc.password() != null) {
            c.setPassword(jdbc.password());
        }
        c.setInitializationFailTimeout(10_000);
        c.setConnectionTimeout(10_000);
        try {
            this.pool = new HikariDataSource(c);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new StoreException("cannot open the store at " + jdbc.display() + ": " + cause.getMessage(), e);
        }
        tx(conn -> {
            if (dialect == Dialect.POSTGRESQL) {
                try (Statement s = conn.createStatement()) {
                    s.execute("SELECT pg_advisory_xact_lock(7310011)"); // one server creates the schema at a time
                }
            }
            try (Statement s = conn.createStatement()) {
                for (String ddl : dialect.schema()) {
                    s.execute(ddl);
                }
            }
            return null;
        });
        this.reportWriter = new GroupCommit(this);
    }

    /** Store failures (unreachable database, constraint violations) as unchecked exceptions. */
    public static final class StoreException extends RuntimeException {
        public StoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one transaction (serialised against other writers for SQLite). */
    <T> T tx(Work<T> work) {
        boolean lock = dialect == Dialect.SQLITE;
        if (lock) {
            sqliteWriter.lock();
        }
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T t = work.run(c);
                c.commit();
                return t;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("store: " + e.getMessage(), e);
        } finally {
            if (lock) {
                sqliteWriter.unlock();
            }
        }
    }

    /** Runs a read in autocommit mode. */
    <T> T read(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException("store: " + e.getMessage(), e);
        }
    }

    static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Instant t) {
                ps.setLong(i + 1, t.toEpochMilli());
            } else if (a instanceof byte[] b) {
                ps.setBytes(i + 1, b);
            } else {
                ps.setObject(i + 1, a);
            }
        }
        return ps;
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args)) {
            return ps.executeUpdate();
        }
    }

    @Override
    public String kind() {
        return dialect == Dialect.SQLITE ? "sqlite" : "postgresql";
    }

    @Override
    public void insertToken(TokenRecord t, AuditEvent event) {
        tx(c -> {
            update(c, "INSERT INTO tokens (id, hash, role, label, tokens_per_minute, created, revoked) VALUES (?, ?, ?, ?, ?, ?, NULL)",
                    t.id(), t.hash(), t.role().json(), t.label(), t.tokensPerMinute(), t.created());
            return appendAudit(c, event);
        });
    }

    @Override
    public Optional<TokenRecord> tokenByHash(String hash) {
        return read(c -> {
            try (PreparedStatement ps = prepare(c, "SELECT * FROM tokens WHERE hash = ?", hash); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(token(rs)) : Optional.empty();
            }
        });
    }

    @Override
    public boolean revokeToken(String id, Instant when, AuditEvent event) {
        return tx(c -> {
            if (update(c, "UPDATE tokens SET revoked = ? WHERE id = ? AND revoked IS NULL", when, id) == 0) {
                return false;
            }
            appendAudit(c, event);
            return true;
        });
    }

    @Override
    public List<TokenRecord> tokens() {
        return read(c -> {
            List<TokenRecord> out = new ArrayList<>();
            try (PreparedStatement ps = prepare(c, "SELECT * FROM tokens ORDER BY created, id"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(token(rs));
                }
            }
            return out;
        });
    }

    @Override
    public long tokenCount() {
        return read(c -> count(c, "SELECT COUNT(*) FROM tokens"));
    }

    private static TokenRecord token(ResultSet rs) throws SQLException {
        long tpm = rs.getLong("tokens_per_minute");
        Long perMinute = rs.wasNull() ? null : tpm;
        long revoked = rs.getLong("revoked");
        Instant rev = rs.wasNull() ? null : Instant.ofEpochMilli(revoked);
        return new TokenRecord(rs.getString("id"), rs.getString("hash"), Role.parse(rs.getString("role")), rs.getString("label"),
                perMinute, Instant.ofEpochMilli(rs.getLong("created")), rev);
    }

    static long count(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Group commit: concurrent detections queue their report and audit entry, and one writer thread stores
     * everything queued in a single transaction (the chain order is the queue order). Each caller returns
     * once its own report is committed.
     */
    @Override
    public void insertReport(ReportRecord r, AuditEvent event) {
        reportWriter.write(r, event);
    }

    static void insertReport(Connection c, ReportRecord r) throws SQLException {
        update(c, "INSERT INTO reports (id, owner, created, key_id, kind, body, input_text, input_ids) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                r.id(), r.owner(), r.created(), r.keyId(), r.kind(), r.body(), r.inputText(), r.inputIds());
    }

    @Override
    public Optional<ReportRecord> report(String id) {
        return read(c -> {
            try (PreparedStatement ps = prepare(c, "SELECT * FROM reports WHERE id = ?", id); ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ReportRecord(rs.getString("id"), rs.getString("owner"), Instant.ofEpochMilli(rs.getLong("created")),
                        rs.getString("key_id"), rs.getString("kind"), rs.getString("body"), rs.getString("input_text"),
                        rs.getString("input_ids")));
            }
        });
    }

    @Override
    public void insertJob(JobRecord j, byte[] input, AuditEvent event) {
        tx(c -> {
            update(c, "INSERT INTO jobs (id, owner, kind, state, key_id, params, created, updated, progress) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    j.id(), j.owner(), j.kind(), j.state().json(), j.keyId(), j.params(), j.created(), j.updated(), j.progress());
            update(c, "INSERT INTO job_data (job_id, input, checkpoint) VALUES (?, ?, NULL)", j.id(), input);
            return appendAudit(c, event);
        });
    }

    @Override
    public Optional<JobRecord> job(String id) {
        return read(c -> {
            List<JobRecord> l = jobs(c, "SELECT * FROM jobs WHERE id = ?", id);
            return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
        });
    }

    @Override
    public List<JobRecord> jobs(String owner, int limit) {
        return read(c -> owner == null
                ? jobs(c, "SELECT * FROM jobs ORDER BY created DESC, id LIMIT ?", limit)
                : jobs(c, "SELECT * FROM jobs WHERE owner = ? ORDER BY created DESC, id LIMIT ?", owner, limit));
    }

    private static List<JobRecord> jobs(Connection c, String sql, Object... args) throws SQLException {
        List<JobRecord> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long lease = rs.getLong("lease_until");
                Instant leaseUntil = rs.wasNull() ? null : Instant.ofEpochMilli(lease);
                out.add(new JobRecord(rs.getString("id"), rs.getString("owner"), rs.getString("kind"), JobState.parse(rs.getString("state")),
                        rs.getString("key_id"), rs.getString("params"), Instant.ofEpochMilli(rs.getLong("created")),
                        Instant.ofEpochMilli(rs.getLong("updated")), rs.getString("progress"), rs.getString("lease_owner"), leaseUntil,
                        rs.getString("result"), rs.getString("report_id"), rs.getString("error")));
            }
        }
        return out;
    }

    @Override
    public long activeJobs(String owner) {
        return read(c -> count(c, "SELECT COUNT(*) FROM jobs WHERE owner = ? AND state IN ('queued', 'running')", owner));
    }

    @Override
    public byte[] jobInput(String id) {
        return read(c -> {
            try (PreparedStatement ps = prepare(c, "SELECT input FROM job_data WHERE job_id = ?", id); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        });
    }

    @Override
    public Optional<byte[]> jobCheckpoint(String id) {
        return read(c -> {
            try (PreparedStatement ps = prepare(c, "SELECT checkpoint FROM job_data WHERE job_id = ?", id); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getBytes(1)) : Optional.empty();
            }
        });
    }

    @Override
    public List<String> claimableJobs(Instant now) {
        return read(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = prepare(c, "SELECT id FROM jobs WHERE state IN ('queued', 'running') AND "
                    + "(lease_owner IS NULL OR lease_until < ?) ORDER BY created, id", now); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        });
    }

    @Override
    public boolean claimJob(String id, String instance, Instant leaseUntil, Instant now) {
        return tx(c -> update(c, "UPDATE jobs SET state = 'running', lease_owner = ?, lease_until = ?, updated = ? WHERE id = ? AND "
                + "state IN ('queued', 'running') AND (lease_owner IS NULL OR lease_until < ?)", instance, leaseUntil, now, id, now) == 1);
    }

    @Override
    public boolean saveJobProgress(String id, String instance, String progress, byte[] checkpoint, Instant leaseUntil) {
        return tx(c -> {
            if (update(c, "UPDATE jobs SET progress = ?, lease_until = ?, updated = ? WHERE id = ? AND lease_owner = ? AND state = 'running'",
                    progress, leaseUntil, Instant.now(), id, instance) == 0) {
                return false;
            }
            if (checkpoint != null) {
                update(c, "UPDATE job_data SET checkpoint = ? WHERE job_id = ?", checkpoint, id);
            }
            return true;
        });
    }

    @Override
    public void releaseJob(String id, String instance) {
        tx(c -> update(c, "UPDATE jobs SET state = 'queued', lease_owner = NULL, lease_until = NULL, updated = ? "
                + "WHERE id = ? AND lease_owner = ? AND state = 'running'", Instant.now(), id, instance));
    }

    @Override
    public void finishJob(String id, String instance, JobState state, String progress, String result, ReportRecord report,
                          String error, AuditEvent event) {
        tx(c -> {
            if (update(c, "UPDATE jobs SET state = ?, progress = ?, result = ?, report_id = ?, error = ?, lease_owner = NULL, "
                            + "lease_until = NULL, updated = ? WHERE id = ? AND lease_owner = ?", state.json(), progress, result,
                    report == null ? null : report.id(), error, Instant.now(), id, instance) == 0) {
                throw new SQLException("job " + id + " is no longer held by this server");
            }
            if (report != null) {
                insertReport(c, report);
            }
            update(c, "UPDATE job_data SET checkpoint = NULL WHERE job_id = ?", id);
            return appendAudit(c, event);
        });
    }

    @Override
    public AuditEntry audit(AuditEvent event) {
        return tx(c -> appendAudit(c, event));
    }

    /** Appends to the chain inside the caller's transaction, holding the head row. */
    AuditEntry appendAudit(Connection c, AuditEvent e) throws SQLException {
        long seq;
        String prev;
        try (PreparedStatement ps = prepare(c, "SELECT seq, hash FROM audit_head WHERE id = 1" + dialect.lockSuffix);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            seq = rs.getLong(1) + 1;
            prev = rs.getString(2);
        }
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        String details = new String(Jcs.canonicalize(e.details() == null ? java.util.Map.of() : e.details()),
                java.nio.charset.StandardCharsets.UTF_8);
        String hash = AuditChain.hash(AuditChain.entry(seq, now, e.actor(), e.action(), e.subject(), details, prev));
        update(c, "INSERT INTO audit (seq, time, actor, action, subject, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                seq, now, e.actor(), e.action(), e.subject(), details, prev, hash);
        update(c, "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", seq, hash);
        return new AuditEntry(seq, now, e.actor(), e.action(), e.subject(), details, prev, hash);
    }

    @Override
    public List<AuditEntry> auditEntries(long fromSeq, int limit) {
        return read(c -> {
            List<AuditEntry> out = new ArrayList<>();
            try (PreparedStatement ps = prepare(c, "SELECT * FROM audit WHERE seq >= ? ORDER BY seq LIMIT ?", fromSeq, limit);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AuditEntry(rs.getLong("seq"), Instant.ofEpochMilli(rs.getLong("time")), rs.getString("actor"),
                            rs.getString("action"), rs.getString("subject"), rs.getString("details"), rs.getString("prev_hash"),
                            rs.getString("hash")));
                }
            }
            return out;
        });
    }

    @Override
    public void close() {
        reportWriter.close();
        pool.close();
    }
}
