package dev.telltale.server.internal;

import java.time.Instant;
import java.util.Map;

/** Rows of the store. Secrets never appear here: tokens are kept as SHA-256 hashes. */
public final class StoreRecords {
    private StoreRecords() {}

    /**
     * An API token.
     *
     * @param tokensPerMinute rate limit in tokens scored per minute; {@code null} = the role's default, 0 = unlimited
     */
    public record TokenRecord(String id, String hash, Role role, String label, Long tokensPerMinute, Instant created,
                              Instant revoked) {}

    /**
     * A signed report and, for re-rendering highlights, the input it was computed from (text or ids JSON).
     */
    public record ReportRecord(String id, String owner, Instant created, String keyId, String kind, String body,
                               String inputText, String inputIds) {}

    /** Job states; {@code queued} and {@code running} are active. */
    public enum JobState {
        QUEUED, RUNNING, DONE, FAILED;

        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static JobState parse(String s) {
            return valueOf(s.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** A job: parameters and progress are JSON text; the input and checkpoint live in job_data. */
    public record JobRecord(String id, String owner, String kind, JobState state, String keyId, String params,
                            Instant created, Instant updated, String progress, String leaseOwner, Instant leaseUntil,
                            String result, String reportId, String error) {}

    /** What an audit entry records, before the store gives it a sequence number and a place in the chain. */
    public record AuditEvent(String actor, String action, String subject, Map<String, Object> details) {}

    /** A chained audit entry: {@code hash} = SHA-256 of the canonical entry, which includes {@code prevHash}. */
    public record AuditEntry(long seq, Instant time, String actor, String action, String subject, String details,
                             String prevHash, String hash) {}
}
