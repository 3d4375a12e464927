package dev.telltale.server.internal;

import dev.telltale.server.internal.StoreRecords.AuditEntry;
import dev.telltale.server.internal.StoreRecords.AuditEvent;
import dev.telltale.server.internal.StoreRecords.JobRecord;
import dev.telltale.server.internal.StoreRecords.ReportRecord;
import dev.telltale.server.internal.StoreRecords.TokenRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything the server keeps: API tokens (hashed), signed reports, jobs with their inputs and checkpoints,
 * and the hash-chained audit log. Every change that matters is written in the same transaction as its
 * audit entry. Implementations: SQLite on disk (default) and PostgreSQL (several servers share one), both
 * through {@link JdbcStore}.
 */
public interface Store extends AutoCloseable {

    /** "sqlite" or "postgresql". */
    String kind();

    void insertToken(TokenRecord token, AuditEvent event);

    Optional<TokenRecord> tokenByHash(String sha256Hex);

    /** Marks a token revoked; false if there is no such (unrevoked) token. */
    boolean revokeToken(String tokenId, Instant when, AuditEvent event);

    List<TokenRecord> tokens();

    long tokenCount();

    void insertReport(ReportRecord report, AuditEvent event);

    Optional<ReportRecord> report(String id);

    void insertJob(JobRecord job, byte[] input, AuditEvent event);

    Optional<JobRecord> job(String id);

    /** Most recent first; {@code owner} null = every owner. */
    List<JobRecord> jobs(String owner, int limit);

    long activeJobs(String owner);

    byte[] jobInput(String id);

    Optional<byte[]> jobCheckpoint(String id);

    /** Ids of active jobs no live server holds (never claimed, released, or their lease ran out), oldest first. */
    List<String> claimableJobs(Instant now);

    /** Takes the lease of a claimable job; false if another server holds it or it finished. */
    boolean claimJob(String id, String instance, Instant leaseUntil, Instant now);

    /**
     * Saves progress (and a checkpoint, if not null) and renews the lease, if {@code instance} still holds it.
     *
     * @return false if the lease was lost (another server took the job over)
     */
    boolean saveJobProgress(String id, String instance, String progress, byte[] checkpoint, Instant leaseUntil);

    /** Gives the job back (state queued) so another server, or this one after a restart, resumes it. */
    void releaseJob(String id, String instance);

    /** Finishes a job: stores its report (if any), result or error and the audit entry in one transaction. */
    void finishJob(String id, String instance, StoreRecords.JobState state, String progress, String result,
                   ReportRecord report, String error, AuditEvent event);

    /** Appends an entry on its own. */
    AuditEntry audit(AuditEvent event);

    /** Entries with seq ≥ {@code fromSeq}, in order. */
    List<AuditEntry> auditEntries(long fromSeq, int limit);

    @Override
    void close();
}
