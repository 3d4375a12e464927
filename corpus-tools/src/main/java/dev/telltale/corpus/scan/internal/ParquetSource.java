package dev.telltale.corpus.scan.internal;

import dev.telltale.corpus.scan.SkipReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Parquet through DuckDB's JDBC driver (in-process, offline: the Parquet reader is built in). Rows stream
 * through one thread in file order ({@code file_row_number}, 0-based, is the row's locator) under a fixed
 * memory limit, so a file of any size needs the same heap. A string column is the text; a binary column is
 * checked as UTF-8 first. Resuming filters {@code file_row_number >= rows done} (row groups before it are not
 * read).
 */
final class ParquetSource implements RecordSource {
    private final int fileIndex;
    private final String name;
    private final int maxDocBytes;
    private final long fileSize;
    private final Connection conn;
    private Statement stmt;
    private ResultSet rows;
    private long totalRows;
    private long units;
    private boolean textIsBinary;
    private boolean hasId;
    private String missingColumn;

    ParquetSource(int fileIndex, Path file, String name, String textField, String idField, int maxDocBytes,
                  ResumePoint resume) throws IOException {
        this.fileIndex = fileIndex;
        this.name = name;
        this.maxDocBytes = maxDocBytes;
        this.fileSize = Files.size(file);
        this.units = resume.units();
        try {
            Properties props = new Properties();
            props.setProperty("jdbc_stream_results", "true");
            conn = DriverManager.getConnection("jdbc:duckdb:", props);
            try (Statement s = conn.createStatement()) {
                s.execute("SET threads = 1");
                s.execute("SET memory_limit = '256MB'");
                s.execute("SET preserve_insertion_order = true");
                s.execute("SET autoinstall_known_extensions = false");
            }
            String src = "read_parquet(" + literal(file.toAbsolutePath().toString()) + ", file_row_number = true)";
            Map<String, String> columns = columns(src);
            if (!columns.containsKey(textField)) {
                missingColumn = "no column \"" + textField + "\" (columns: " + columns.keySet() + ")";
                return;
            }
            textIsBinary = columns.get(textField).equals("BLOB");
            hasId = columns.containsKey(idField);
            stmt = conn.createStatement();
            try (ResultSet c = stmt.executeQuery("SELECT count(*) FROM " + src)) {
                c.next();
                totalRows = c.getLong(1);
            }
            rows = stmt.executeQuery("SELECT file_row_number, " + ident(textField)
                    + (hasId ? ", CAST(" + ident(idField) + " AS VARCHAR)" : "") + " FROM " + src
                    + " WHERE file_row_number >= " + resume.units());
        } catch (SQLException e) {
            throw new IOException("cannot read Parquet: " + firstLine(e.getMessage()), e);
        }
    }

    private Map<String, String> columns(String src) throws SQLException {
        Map<String, String> cols = new LinkedHashMap<>();
        try (Statement s = conn.createStatement(); ResultSet r = s.executeQuery("DESCRIBE SELECT * FROM " + src)) {
            while (r.next()) {
                cols.put(r.getString("column_name"), r.getString("column_type"));
            }
        }
        cols.remove("file_row_number");
        return cols;
    }

    @Override
    public Rec next() throws IOException {
        if (missingColumn != null) {
            if (units > 0) {
                return null;
            }
            units = 1;
            return Rec.skip(new Rec.Pos(fileIndex, 1, 0, -1, fileSize), Locator.file(name), null,
                    SkipReason.MISSING_FIELD, missingColumn);
        }
        try {
            if (!rows.next()) {
                return null;
            }
            long row = rows.getLong(1);
            units = row + 1;
            String id = hasId ? rows.getString(3) : null;
            Rec.Pos pos = new Rec.Pos(fileIndex, units, 0, -1, bytesRead());
            Locator where = new Locator(name, "row", row, -1);
            String text;
            if (textIsBinary) {
                byte[] b = rows.getBytes(2);
                if (b == null) {
                    return Rec.skip(pos, where, id, SkipReason.MISSING_FIELD, "text column is null");
                }
                if (b.length > maxDocBytes) {
                    return Rec.skip(pos, where, id, SkipReason.OVERSIZED, "text larger than the maximum document size");
                }
                Rec notText = Utf8.skipIfNotText(b, 0, b.length, pos, where, id, "");
                if (notText != null) {
                    return notText;
                }
                text = Utf8.decode(b, 0, b.length);
            } else {
                text = rows.getString(2);
                if (text == null) {
                    return Rec.skip(pos, where, id, SkipReason.MISSING_FIELD, "text column is null");
                }
                if (text.length() > maxDocBytes) {
                    return Rec.skip(pos, where, id, SkipReason.OVERSIZED, "text larger than the maximum document size");
                }
                if (text.indexOf('\0') >= 0) {
                    return Rec.skip(pos, where, id, SkipReason.BINARY, "NUL character in the text");
                }
            }
            if (text.isBlank()) {
                return Rec.skip(pos, where, id, SkipReason.EMPTY_TEXT, "text column is empty");
            }
            return Rec.doc(pos, where, id, text);
        } catch (SQLException e) {
            throw new IOException("Parquet read failed after row " + (units - 1) + ": " + firstLine(e.getMessage()), e);
        }
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static String ident(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    @Override
    public long bytesRead() {
        return totalRows == 0 ? fileSize : (long) (fileSize * (double) units / totalRows);
    }

    @Override
    public long units() {
        return units;
    }

    @Override
    public void close() throws IOException {
        try {
            if (stmt != null) {
                stmt.close();
            }
            conn.close();
        } catch (SQLException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
