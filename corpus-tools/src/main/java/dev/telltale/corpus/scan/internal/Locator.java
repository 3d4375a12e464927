package dev.telltale.corpus.scan.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a record came from: the file as named by the scan's inputs, and within it a line (JSONL, 1-based),
 * a row (Parquet, 0-based {@code file_row_number}) or a WARC record (1-based ordinal and byte offset of its
 * start; for gzip files the offset of its gzip member). Text files are whole documents.
 *
 * @param unit   "line", "row", "record", or null for a whole file
 * @param offset byte offset of the record, or -1 when not meaningful
 */
public record Locator(String file, String unit, long number, long offset) {
    /** The whole file. */
    public static Locator file(String file) {
        return new Locator(file, null, 0, -1);
    }

    /** JSON object for results and summaries: {@code {"file":..., "line":12}}. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file);
        if (unit != null) {
            m.put(unit, number);
        }
        if (offset >= 0) {
            m.put("offset", offset);
        }
        return m;
    }
}
