package dev.telltale.corpus.scan.internal;

import dev.telltale.corpus.scan.SkipReason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** A whole UTF-8 text file (gzip when named {@code .gz}) is one document; its id is the file's name. */
final class TextSource implements RecordSource {
    private final int fileIndex;
    private final Path file;
    private final String name;
    private final int maxDocBytes;
    private long units;
    private long bytesRead;

    TextSource(int fileIndex, Path file, String name, int maxDocBytes) {
        this.fileIndex = fileIndex;
        this.file = file;
        this.name = name;
        this.maxDocBytes = maxDocBytes;
    }

    @Override
    public Rec next() throws IOException {
        if (units > 0) {
            return null;
        }
        units = 1;
        byte[] b;
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = name.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
            b = in.readNBytes(maxDocBytes + 1);
        }
        bytesRead = Files.size(file);
        Rec.Pos pos = new Rec.Pos(fileIndex, 1, 0, -1, bytesRead);
        Locator where = Locator.file(name);
        if (b.length > maxDocBytes) {
            return Rec.skip(pos, where, name, SkipReason.OVERSIZED, "file larger than the maximum document size");
        }
        Rec notText = Utf8.skipIfNotText(b, 0, b.length, pos, where, name, "");
        if (notText != null) {
            return notText;
        }
        String text = Utf8.decodeText(b, 0, b.length);
        if (text.isBlank()) {
            return Rec.skip(pos, where, name, SkipReason.EMPTY_TEXT, "empty file");
        }
        return Rec.doc(pos, where, name, text);
    }

    @Override
    public long bytesRead() {
        return bytesRead;
    }

    @Override
    public long units() {
        return units;
    }

    @Override
    public void close() {
        // nothing held open between calls
    }
}
