package dev.telltale.corpus.scan.internal;

import dev.telltale.corpus.scan.SkipReason;

/**
 * One unit read from an input file, in input order: a document to score, a record skipped for a
 * {@link SkipReason}, or a record that is no document (a WARC request or metadata record). Every unit carries
 * its position so a checkpoint taken after it can resume right behind it. Workers fill {@link #score}; a
 * document whose detection fails becomes a skip.
 */
public final class Rec {
    /** What the unit is. */
    public enum Kind { DOC, SKIP, IGNORE }

    Kind kind;
    final int fileIndex;
    /** Units of this file read so far, this one included (1-based ordinal). */
    final long units;
    /** Line number (JSONL) of this unit, else 0. */
    final long line;
    /** Byte offset just after this unit where the file can be re-entered by seeking, or -1. */
    final long resumeOffset;
    /** Raw (possibly compressed) bytes of the file consumed so far, for progress. */
    final long bytesRead;
    final Locator locator;
    final String id;
    String text;
    SkipReason reason;
    String detail;
    DocScore score;
    /** The file ended here early (unreadable rest): resume with the next file. */
    boolean endsFile;

    private Rec(Kind kind, int fileIndex, long units, long line, long resumeOffset, long bytesRead, Locator locator,
                String id, String text, SkipReason reason, String detail) {
        this.kind = kind;
        this.fileIndex = fileIndex;
        this.units = units;
        this.line = line;
        this.resumeOffset = resumeOffset;
        this.bytesRead = bytesRead;
        this.locator = locator;
        this.id = id;
        this.text = text;
        this.reason = reason;
        this.detail = detail;
    }

    /** Position bookkeeping shared by the three kinds. */
    public record Pos(int fileIndex, long units, long line, long resumeOffset, long bytesRead) {}

    static Rec doc(Pos p, Locator where, String id, String text) {
        return new Rec(Kind.DOC, p.fileIndex, p.units, p.line, p.resumeOffset, p.bytesRead, where, id, text, null, null);
    }

    static Rec skip(Pos p, Locator where, String id, SkipReason reason, String detail) {
        return new Rec(Kind.SKIP, p.fileIndex, p.units, p.line, p.resumeOffset, p.bytesRead, where, id, null, reason, detail);
    }

    static Rec ignore(Pos p, Locator where) {
        return new Rec(Kind.IGNORE, p.fileIndex, p.units, p.line, p.resumeOffset, p.bytesRead, where, null, null, null, null);
    }

    /** Turns a document into a skip (detection refused it). */
    void toSkip(SkipReason r, String why) {
        kind = Kind.SKIP;
        reason = r;
        detail = why;
        text = null;
        score = null;
    }

    /** Approximate heap held by this unit's text (2 bytes per char). */
    long textBytes() {
        return text == null ? 0 : 2L * text.length();
    }

    public Kind kind() {
        return kind;
    }

    public Locator locator() {
        return locator;
    }

    public String id() {
        return id;
    }

    public String text() {
        return text;
    }

    public SkipReason reason() {
        return reason;
    }

    public String detail() {
        return detail;
    }

    /** Where reading resumes after this unit: (file index, point in that file). */
    int resumeFile() {
        return endsFile ? fileIndex + 1 : fileIndex;
    }

    ResumePoint resumePoint() {
        return endsFile ? ResumePoint.START : new ResumePoint(units, line, resumeOffset);
    }

    public DocScore score() {
        return score;
    }
}
