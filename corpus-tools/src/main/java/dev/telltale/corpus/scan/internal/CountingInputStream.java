package dev.telltale.corpus.scan.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the bytes read through it (raw file bytes under a decompressor, for progress). */
final class CountingInputStream extends FilterInputStream {
    private long count;

    CountingInputStream(InputStream in, long start) {
        super(in);
        this.count = start;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long s = super.skip(n);
        count += s;
        return s;
    }

    long count() {
        return count;
    }
}
