package dev.telltale.corpus.scan;

/**
 * Why a record of the input was not scored. Skipped records are counted by reason and listed (file and
 * line, row or byte offset) in the scan summary; none of them stops a scan.
 */
public enum SkipReason {
    /** A JSON line that does not parse, or is not one JSON object. */
    MALFORMED_JSON("malformed_json"),
    /** Bytes that are not UTF-8 (a line, a text file, a Parquet binary column, a WARC payload). */
    INVALID_UTF8("invalid_utf8"),
    /** The text field (or Parquet column) is absent, null or not a string. */
    MISSING_FIELD("missing_field"),
    /** NUL bytes: binary data, not text. */
    BINARY("binary"),
    /** Empty or whitespace-only text. */
    EMPTY_TEXT("empty_text"),
    /** Larger than the scan's maximum document size ({@code --max-doc-bytes}). */
    OVERSIZED("oversized"),
    /** A WARC record whose header or framing cannot be parsed; the reader resumes at the next record. */
    BROKEN_WARC_RECORD("broken_warc_record"),
    /** A file that cannot be read to its end (truncated gzip, corrupt Parquet, I/O error); the rest of it is skipped. */
    UNREADABLE("unreadable"),
    /** A file inside a folder whose extension names no supported format. */
    UNKNOWN_FORMAT("unknown_format"),
    /** The detector refused the text (reported with its one-line reason). */
    DETECT_ERROR("detect_error");

    private final String json;

    SkipReason(String json) {
        this.json = json;
    }

    /** The spelling used in the summary JSON. */
    public String json() {
        return json;
    }
}
