package dev.telltale.corpus.scan.internal;

/**
 * Where a file's reading resumes: {@code units} units already done, the last of them on {@code line} (JSONL),
 * and {@code offset} the byte offset just after it for seekable files (-1 otherwise).
 */
record ResumePoint(long units, long line, long offset) {
    static final ResumePoint START = new ResumePoint(0, 0, -1);
}
