package dev.telltale.corpus.scan.internal;

import dev.telltale.corpus.scan.SkipReason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcConversion;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResource;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcTargetRecord;

/**
 * WARC and WET files through jwarc. Documents: {@code response} records with a 2xx HTTP status and an HTML
 * payload (reduced to text by {@link HtmlText}) or a plain-text payload, and {@code conversion} /
 * {@code resource} records holding text (WET files: UTF-8 text extracted by the crawler). Every other record
 * (requests, metadata, images, redirects) is a unit that is no document. The id is the record's target URI.
 *
 * <p>A record whose framing cannot be parsed is skipped as {@link SkipReason#BROKEN_WARC_RECORD} and reading
 * resumes at the next record start found in the raw bytes: a gzip member header for {@code .warc.gz}, a
 * {@code WARC/1.} line otherwise. Resuming a scan re-reads the file up to the units already done (the parse
 * without HTML extraction), which reproduces the same units.
 */
final class WarcSource implements RecordSource {
    private static final byte[] WARC_MAGIC = "WARC/1.".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private final int fileIndex;
    private final Path file;
    private final String name;
    private final int maxDocBytes;
    private FileChannel channel;
    private WarcReader reader;
    private WarcCompression compression;
    private long units;
    private boolean fastForward;
    private boolean ended;

    WarcSource(int fileIndex, Path file, String name, int maxDocBytes, ResumePoint resume) throws IOException {
        this.fileIndex = fileIndex;
        this.file = file;
        this.name = name;
        this.maxDocBytes = maxDocBytes;
        open(0);
        compression = reader.compression();
        fastForward = true;
        while (units < resume.units() && next() != null) {
            // re-read the units done before the interruption, without extracting text
        }
        fastForward = false;
    }

    private void open(long position) throws IOException {
        if (channel != null) {
            channel.close();
        }
        channel = FileChannel.open(file, StandardOpenOption.READ);
        channel.position(position);
        reader = new WarcReader(channel);
    }

    @Override
    public Rec next() throws IOException {
        if (ended) {
            return null;
        }
        Optional<WarcRecord> r;
        long start = reader.position();
        try {
            r = reader.next();
            if (r.isPresent()) {
                start = r.get().position();
            }
        } catch (IOException | RuntimeException e) {
            long failedAt = Math.max(start, reader.position());
            units++;
            Rec broken = brokenUnit(failedAt, e);
            resync(failedAt + 1);
            return broken;
        }
        if (r.isEmpty()) {
            ended = true;
            return null;
        }
        units++;
        WarcRecord rec = r.get();
        try {
            return unit(rec, start);
        } catch (IOException | RuntimeException e) { // payload or HTTP header unreadable
            Rec broken = brokenUnit(start, e);
            resync(start + 1);
            return broken;
        }
    }

    private Rec brokenUnit(long offset, Exception e) {
        return Rec.skip(pos(), new Locator(name, "record", units, offset), null, SkipReason.BROKEN_WARC_RECORD,
                e.getClass().getSimpleName() + ": " + abbreviate(String.valueOf(e.getMessage()).lines().findFirst().orElse("")));
    }

    private static String abbreviate(String s) {
        return s.length() <= 160 ? s : s.substring(0, 160) + "...";
    }

    private Rec.Pos pos() {
        return new Rec.Pos(fileIndex, units, 0, -1, bytesRead());
    }

    private Rec unit(WarcRecord rec, long start) throws IOException {
        Locator where = new Locator(name, "record", units, start);
        String id = rec instanceof WarcTargetRecord t ? t.target() : String.valueOf(rec.id());
        byte[] body;
        String charset;
        boolean html;
        if (rec instanceof WarcResponse resp && resp.contentType().base().equals(MediaType.HTTP_RESPONSE.base())) {
            HttpResponse http = resp.http();
            MediaType type = http.headers().first("Content-Type").map(MediaType::parseLeniently).orElse(null);
            html = type != null && isHtml(type);
            if (http.status() / 100 != 2 || type == null || !(html || isPlainText(type))) {
                return Rec.ignore(pos(), where);
            }
            charset = type.parameters().get("charset");
            body = readBounded(http.bodyDecoded().stream());
        } else if ((rec instanceof WarcConversion || rec instanceof WarcResource)) {
            MediaType type = rec.contentType();
            html = isHtml(type);
            if (!html && !isPlainText(type)) {
                return Rec.ignore(pos(), where);
            }
            charset = html ? type.parameters().get("charset") : "UTF-8";
            body = readBounded(rec.body().stream());
        } else {
            return Rec.ignore(pos(), where);
        }
        if (body.length > maxDocBytes) {
            return Rec.skip(pos(), where, id, SkipReason.OVERSIZED, "payload larger than the maximum document size");
        }
        if (fastForward) {
            return Rec.ignore(pos(), where);
        }
        String text;
        if (html) {
            text = HtmlText.extract(body, charset, id);
        } else {
            Rec notText = Utf8.skipIfNotText(body, 0, body.length, pos(), where, id, "the payload");
            if (notText != null) {
                return notText;
            }
            text = Utf8.decodeText(body, 0, body.length);
        }
        if (text.isBlank()) {
            return Rec.skip(pos(), where, id, SkipReason.EMPTY_TEXT, "no text in the payload");
        }
        return Rec.doc(pos(), where, id, text);
    }

    private static boolean isHtml(MediaType t) {
        String s = (t.type() + "/" + t.subtype()).toLowerCase(Locale.ROOT);
        return s.equals("text/html") || s.equals("application/xhtml+xml");
    }

    private static boolean isPlainText(MediaType t) {
        return (t.type() + "/" + t.subtype()).toLowerCase(Locale.ROOT).equals("text/plain");
    }

    private byte[] readBounded(InputStream in) throws IOException {
        return in.readNBytes(maxDocBytes + 1);
    }

    /**
     * Finds the next plausible record start at or after {@code from} and re-opens the reader there; candidates
     * that fail to parse are passed over silently (they were bytes inside the broken record).
     */
    private void resync(long from) throws IOException {
        long at = from;
        while (true) {
            long candidate = findMagic(at);
            if (candidate < 0) {
                ended = true;
                return;
            }
            try {
                open(candidate);
                if (reader.compression() == compression && peekParses()) {
                    open(candidate);
                    return;
                }
            } catch (IOException | RuntimeException e) {
                // not a record start
            }
            at = candidate + 1;
        }
    }

    private boolean peekParses() {
        try {
            return reader.next().isPresent();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Offset of the next gzip member header (gzip files) or {@code WARC/1.} at a line start, or -1. */
    private long findMagic(long from) throws IOException {
        if (compression == WarcCompression.ZSTD) {
            return -1;
        }
        boolean gz = compression == WarcCompression.GZIP;
        byte[] magic = gz ? new byte[] {0x1f, (byte) 0x8b, 0x08} : WARC_MAGIC;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            long base = from;
            while (base < ch.size()) {
                buf.clear();
                int n = ch.read(buf, base);
                if (n <= 0) {
                    return -1;
                }
                byte[] a = buf.array();
                for (int i = 0; i + magic.length <= n; i++) {
                    if (matches(a, i, magic) && (gz || base + i == 0 || precededByNewline(ch, base + i))) {
                        return base + i;
                    }
                }
                if (n < magic.length) {
                    return -1;
                }
                base += n - magic.length + 1;
            }
            return -1;
        }
    }

    private static boolean matches(byte[] a, int i, byte[] magic) {
        for (int k = 0; k < magic.length; k++) {
            if (a[i + k] != magic[k]) {
                return false;
            }
        }
        return true;
    }

    private static boolean precededByNewline(FileChannel ch, long at) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        return ch.read(one, at - 1) == 1 && one.get(0) == '\n';
    }

    @Override
    public long bytesRead() {
        try {
            return channel.position();
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public long units() {
        return units;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
