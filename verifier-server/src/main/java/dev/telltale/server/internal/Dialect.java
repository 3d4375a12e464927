package dev.telltale.server.internal;

import java.util.List;

/** The few places SQLite and PostgreSQL differ: binary column type, the audit-log guard, the head-row lock. */
enum Dialect {
    SQLITE("BLOB", ""),
    POSTGRESQL("BYTEA", " FOR UPDATE");

    final String blob;
    /** Appended to the audit-head SELECT: PostgreSQL locks the row; SQLite's IMMEDIATE transaction already holds the write lock. */
    final String lockSuffix;

    Dialect(String blob, String lockSuffix) {
        this.blob = blob;
        this.lockSuffix = lockSuffix;
    }

    List<String> schema() {
        String genesis = "0".repeat(64);
        List<String> common = List.of(
                "CREATE TABLE IF NOT EXISTS tokens (id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, role TEXT NOT NULL, "
                        + "label TEXT, tokens_per_minute BIGINT, created BIGINT NOT NULL, revoked BIGINT)",
                "CREATE TABLE IF NOT EXISTS reports (id TEXT PRIMARY KEY, owner TEXT NOT NULL, created BIGINT NOT NULL, "
                        + "key_id TEXT NOT NULL, kind TEXT NOT NULL, body TEXT NOT NULL, input_text TEXT, input_ids TEXT)",
                "CREATE TABLE IF NOT EXISTS jobs (id TEXT PRIMARY KEY, owner TEXT NOT NULL, kind TEXT NOT NULL, state TEXT NOT NULL, "
                        + "key_id TEXT NOT NULL, params TEXT NOT NULL, created BIGINT NOT NULL, updated BIGINT NOT NULL, "
                        + "progress TEXT NOT NULL, lease_owner TEXT, lease_until BIGINT, result TEXT, report_id TEXT, error TEXT)",
                "CREATE INDEX IF NOT EXISTS jobs_owner ON jobs (owner, created)",
                "CREATE TABLE IF NOT EXISTS job_data (job_id TEXT PRIMARY KEY, input " + blob + " NOT NULL, checkpoint " + blob + ")",
                "CREATE TABLE IF NOT EXISTS audit (seq BIGINT PRIMARY KEY, time BIGINT NOT NULL, actor TEXT NOT NULL, "
                        + "action TEXT NOT NULL, subject TEXT, details TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)",
                "CREATE TABLE IF NOT EXISTS audit_head (id INTEGER PRIMARY KEY, seq BIGINT NOT NULL, hash TEXT NOT NULL)",
                "INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '" + genesis + "') ON CONFLICT DO NOTHING");
        List<String> guard = this == SQLITE
                ? List.of(
                "CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
                "CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END")
                : List.of(
                "CREATE OR REPLACE FUNCTION telltale_audit_append_only() RETURNS trigger AS $$ BEGIN "
                        + "RAISE EXCEPTION 'the audit log is append-only'; END $$ LANGUAGE plpgsql",
                "DROP TRIGGER IF EXISTS audit_append_only ON audit",
                "CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION telltale_audit_append_only()");
        return java.util.stream.Stream.concat(common.stream(), guard.stream()).toList();
    }
}
