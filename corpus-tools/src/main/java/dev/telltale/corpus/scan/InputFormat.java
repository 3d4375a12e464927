package dev.telltale.corpus.scan;

import java.util.Locale;

/** How input files are read ({@code --format}); {@link #AUTO} decides per file from its name. */
public enum InputFormat {
    /** By extension: {@code .jsonl[.gz]}, {@code .txt}, {@code .parquet}, {@code .warc[.gz]} / {@code .wet[.gz]}. */
    AUTO,
    /** One JSON object per line, the text in a string field; gzip when the name ends in {@code .gz}. */
    JSONL,
    /** A whole UTF-8 file is one document. */
    TEXT,
    /** Apache Parquet, read through DuckDB, one row per document. */
    PARQUET,
    /** WARC (HTML response records reduced to text) or WET (conversion records), gzip or not. */
    WARC;

    /** Parses {@code auto|jsonl|text|parquet|warc} (any case). */
    public static InputFormat parse(String s) {
        for (InputFormat f : values()) {
            if (f.name().equalsIgnoreCase(s)) {
                return f;
            }
        }
        throw new IllegalArgumentException("format must be auto, jsonl, text, parquet or warc, got '" + s + "'");
    }

    /** The format a file name implies, or null when the name says nothing known. */
    public static InputFormat fromName(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        if (n.endsWith(".jsonl") || n.endsWith(".ndjson")) {
            return JSONL;
        }
        if (n.endsWith(".txt")) {
            return TEXT;
        }
        if (n.endsWith(".parquet")) {
            return PARQUET;
        }
        if (n.endsWith(".warc") || n.endsWith(".wet") || n.endsWith(".arc")) {
            return WARC;
        }
        return null;
    }

    /** Lower-case name as written on the command line and in summaries. */
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
