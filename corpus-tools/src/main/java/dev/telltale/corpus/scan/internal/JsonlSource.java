package dev.telltale.corpus.scan.internal;

import dev.telltale.corpus.scan.SkipReason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;

/**
 * JSON lines: one object per non-blank line, the document in the string field {@code textField}, its id in
 * {@code idField} (optional). Plain files resume by seeking to a byte offset; gzip files by reading through
 * the lines already done.
 */
final class JsonlSource implements RecordSource {
    private final int fileIndex;
    private final String name;
    private final String textField;
    private final String idField;
    private final CountingInputStream raw;
    private final LineReader lines;
    private final boolean seekable;
    private long line;
    private long units;

    /**
     * @param resume where the previous run stopped in this file (units and line done, byte offset after them)
     */
    JsonlSource(int fileIndex, Path file, String name, String textField, String idField, int maxDocBytes,
                ResumePoint resume) throws IOException {
        this.fileIndex = fileIndex;
        this.name = name;
        this.textField = textField;
        this.idField = idField;
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        boolean gz = file.getFileName().toString().endsWith(".gz");
        this.seekable = !gz;
        long start = 0;
        if (!gz && resume.offset() > 0) {
            ch.position(resume.offset());
            start = resume.offset();
            line = resume.line();
            units = resume.units();
        }
        raw = new CountingInputStream(Channels.newInputStream(ch), start);
        InputStream in = gz ? new GZIPInputStream(raw, 1 << 16) : raw;
        lines = new LineReader(in, start, maxDocBytes);
        if (gz) {
            while (line < resume.line() && lines.next()) { // re-read what was done: gzip cannot seek
                line++;
                if (!blank()) {
                    units++;
                }
            }
        }
    }

    @Override
    public Rec next() throws IOException {
        while (lines.next()) {
            line++;
            if (blank()) {
                continue;
            }
            units++;
            Rec.Pos pos = new Rec.Pos(fileIndex, units, line, seekable ? lines.offsetAfter() : -1, raw.count());
            Locator where = new Locator(name, "line", line, -1);
            if (lines.oversized()) {
                return Rec.skip(pos, where, null, SkipReason.OVERSIZED, "line longer than the maximum document size");
            }
            byte[] b = lines.buffer();
            Rec notText = Utf8.skipIfNotText(b, lines.start(), lines.end(), pos, where, null, "the line");
            if (notText != null) {
                return notText;
            }
            JsonLine.Fields f;
            try {
                f = JsonLine.parse(b, lines.start(), lines.end(), textField, idField);
            } catch (JsonLine.Malformed e) {
                return Rec.skip(pos, where, null, SkipReason.MALFORMED_JSON, e.getMessage());
            }
            if (f.text() == null) {
                return Rec.skip(pos, where, f.id(), SkipReason.MISSING_FIELD, f.textPresentButNotString()
                        ? "field \"" + textField + "\" is not a string" : "no string field \"" + textField + "\"");
            }
            if (f.text().isBlank()) {
                return Rec.skip(pos, where, f.id(), SkipReason.EMPTY_TEXT, "field \"" + textField + "\" is empty");
            }
            return Rec.doc(pos, where, f.id(), f.text());
        }
        return null;
    }

    private boolean blank() {
        byte[] b = lines.buffer();
        if (lines.oversized()) {
            return false;
        }
        for (int i = lines.start(); i < lines.end(); i++) {
            if (b[i] != ' ' && b[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    @Override
    public long bytesRead() {
        return raw.count();
    }

    @Override
    public long units() {
        return units;
    }

    @Override
    public void close() throws IOException {
        raw.close();
    }
}
