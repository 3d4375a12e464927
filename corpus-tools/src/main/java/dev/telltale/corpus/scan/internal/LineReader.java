package dev.telltale.corpus.scan.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without decoding it, keeping byte offsets, in memory bounded by the
 * longest line allowed: a longer line is read through and reported as {@link #oversized()} instead of
 * buffered. A trailing {@code \r} is dropped; the last line may lack its {@code \n}.
 */
final class LineReader {
    private final InputStream in;
    private final int maxLine;
    private byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private long offset;      // stream offset of buf[pos]
    private int lineStart;
    private int lineEnd;
    private boolean oversized;
    private long lineOffset;

    /**
     * @param startOffset offset of the stream's first byte in the file (when resuming after a seek)
     * @param maxLine     longest line kept, in bytes
     */
    LineReader(InputStream in, long startOffset, int maxLine) {
        this.in = in;
        this.offset = startOffset;
        this.maxLine = maxLine;
    }

    /** Advances to the next line; false at the end of the stream. */
    boolean next() throws IOException {
        lineOffset = offset;
        oversized = false;
        int scanFrom = pos;
        while (true) {
            int nl = indexOf(scanFrom);
            if (nl >= 0) {
                setLine(pos, nl);
                if (lineEnd - lineStart > maxLine) {
                    oversized = true;
                    lineStart = lineEnd = pos;
                }
                advance(nl + 1 - pos);
                return true;
            }
            if (limit - pos > maxLine) {
                discardRestOfLine();
                return true;
            }
            if (eof) {
                if (pos == limit) {
                    return false;
                }
                setLine(pos, limit);
                if (lineEnd - lineStart > maxLine) {
                    oversized = true;
                    lineStart = lineEnd = pos;
                }
                advance(limit - pos);
                return true;
            }
            scanFrom = limit - pos; // after fill() the pending bytes start at 0
            fill();
        }
    }

    private void setLine(int from, int to) {
        lineStart = from;
        lineEnd = to > from && buf[to - 1] == '\r' ? to - 1 : to;
    }

    private void advance(int n) {
        pos += n;
        offset += n;
    }

    private int indexOf(int from) {
        for (int i = from; i < limit; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Moves pending bytes to the front, grows the buffer up to maxLine + 1, reads more. */
    private void fill() throws IOException {
        int pending = limit - pos;
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, pending);
            pos = 0;
            limit = pending;
        }
        if (limit == buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, (long) maxLine + 2));
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    /** Reads through an oversized line without keeping it. */
    private void discardRestOfLine() throws IOException {
        oversized = true;
        lineStart = lineEnd = 0;
        while (true) {
            int nl = indexOf(pos);
            if (nl >= 0) {
                advance(nl + 1 - pos);
                return;
            }
            advance(limit - pos);
            pos = limit = 0;
            if (eof) {
                return;
            }
            int n = in.read(buf, 0, buf.length);
            if (n < 0) {
                eof = true;
            } else {
                limit = n;
            }
        }
    }

    byte[] buffer() {
        return buf;
    }

    int start() {
        return lineStart;
    }

    int end() {
        return lineEnd;
    }

    /** The line was longer than the limit; its bytes were not kept. */
    boolean oversized() {
        return oversized;
    }

    /** Offset in the stream of the current line's first byte. */
    long lineOffset() {
        return lineOffset;
    }

    /** Offset just after the current line's {@code \n}. */
    long offsetAfter() {
        return offset;
    }
}
