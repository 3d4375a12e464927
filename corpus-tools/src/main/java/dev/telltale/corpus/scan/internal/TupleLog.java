package dev.telltale.corpus.scan.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The corpus-wide dedup tape of a scan, exact and in bounded memory, and durable for resume.
 *
 * <p>An in-memory open-addressing set of tuple keys ({@link TupleCodec}) absorbs repeats; every key new to
 * the set is also appended to a log file. When the set reaches its memory budget it is cleared (its keys are
 * all in the log) and filling starts again, so a key may appear in the log once per such generation. The
 * distinct tuples of the corpus are therefore exactly the distinct keys of the log, whatever the budget and
 * wherever generations were cut: {@link #finish} sorts them (in memory when the log holds no repeat, else by
 * an external merge of sorted runs) and hands them out in ascending order, so the pooled statistic is summed
 * in one canonical order. A checkpoint records {@link #sync}'s length; resuming truncates the log there and
 * replays it into the set.
 *
 * <p>Used by the scan's writer thread only (not thread-safe).
 */
final class TupleLog implements Closeable {
    private static final long EMPTY = -1L; // keys are non-negative
    private static final int MIN_SLOTS = 1 << 12;
    private final Path file;
    private final int width;
    private final int maxSlots;
    private final FileChannel channel;
    private final ByteBuffer out = ByteBuffer.allocate(1 << 20);
    private long[] table;
    private int slots;
    private int size;
    private long logRecords;
    private boolean cleared;

    /** Receives the distinct keys in ascending order. */
    interface Visitor {
        void accept(long lo, long hi);
    }

    /**
     * Opens (or creates) the log. {@code validBytes} is the length a checkpoint recorded (the log is truncated
     * to it and replayed), or 0 for a new scan.
     *
     * @param memoryBytes budget of the in-memory set (its table; a final sort may take as much again)
     */
    TupleLog(Path file, int width, long memoryBytes, long validBytes) throws IOException {
        this.file = file;
        this.width = width;
        long budgetSlots = Math.max(MIN_SLOTS, memoryBytes / (8L * width));
        this.maxSlots = (int) Math.min(1 << 30, Long.highestOneBit(budgetSlots));
        this.slots = Math.min(maxSlots, 1 << 16);
        this.table = newTable(slots);
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        if (channel.size() < validBytes) {
            throw new IOException("pooled tape " + file + " is shorter (" + channel.size() + " bytes) than its checkpoint says ("
                    + validBytes + "); pass --restart");
        }
        channel.truncate(validBytes);
        replay(validBytes);
        channel.position(validBytes);
    }

    private long[] newTable(int n) {
        long[] t = new long[n * width];
        Arrays.fill(t, EMPTY);
        return t;
    }

    private void replay(long bytes) throws IOException {
        long records = bytes / (8L * width);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(
                FileChannel.open(file, StandardOpenOption.READ)), 1 << 16))) {
            for (long r = 0; r < records; r++) {
                long lo = in.readLong();
                long hi = width == 2 ? in.readLong() : 0;
                insert(lo, hi);
            }
        }
        logRecords = records;
    }

    /** Adds the {@code keys} of one text ({@code width} longs per tuple). */
    void add(long[] keys) throws IOException {
        for (int i = 0; i < keys.length; i += width) {
            long lo = keys[i];
            long hi = width == 2 ? keys[i + 1] : 0;
            if (insert(lo, hi)) {
                append(lo, hi);
            }
        }
    }

    /** Inserts into the set; true when new to the current generation. */
    private boolean insert(long lo, long hi) {
        if (2 * (size + 1) > slots) {
            if (slots < maxSlots) {
                rehash(slots * 2);
            } else {
                Arrays.fill(table, EMPTY); // every key is in the log: start a new generation
                size = 0;
                cleared = true;
            }
        }
        int mask = slots - 1;
        int i = (int) (mix(lo ^ (hi * 0x9E3779B97F4A7C15L)) & mask);
        while (true) {
            long k = table[i * width];
            if (k == EMPTY) {
                table[i * width] = lo;
                if (width == 2) {
                    table[i * width + 1] = hi;
                }
                size++;
                return true;
            }
            if (k == lo && (width == 1 || table[i * width + 1] == hi)) {
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    private void rehash(int newSlots) {
        long[] old = table;
        int oldSlots = slots;
        table = newTable(newSlots);
        slots = newSlots;
        size = 0;
        for (int i = 0; i < oldSlots; i++) {
            if (old[i * width] != EMPTY) {
                insert(old[i * width], width == 2 ? old[i * width + 1] : 0);
            }
        }
    }

    private void append(long lo, long hi) throws IOException {
        if (out.remaining() < 16) {
            drain();
        }
        out.putLong(lo);
        if (width == 2) {
            out.putLong(hi);
        }
        logRecords++;
    }

    private void drain() throws IOException {
        out.flip();
        while (out.hasRemaining()) {
            channel.write(out);
        }
        out.clear();
    }

    /** Writes buffered keys and forces them to disk; returns the log's length in bytes. */
    long sync() throws IOException {
        drain();
        channel.force(false);
        return channel.position();
    }

    /** Distinct tuples seen so far in the current generation (for tests and progress). */
    int setSize() {
        return size;
    }

    /** True once the set has been cleared at its budget at least once in this process. */
    boolean spilled() {
        return cleared;
    }

    /**
     * Visits every distinct key of the corpus in ascending order and returns how many there are.
     * The set's memory is released first when an external merge is needed.
     */
    long finish(Path tmpDir, Visitor visitor) throws IOException {
        sync();
        if (!cleared && logRecords == size) {
            long[] keys = new long[size * width];
            int n = 0;
            for (int i = 0; i < slots; i++) {
                if (table[i * width] != EMPTY) {
                    System.arraycopy(table, i * width, keys, n * width, width);
                    n++;
                }
            }
            table = null;
            LongRecords.sort(keys, n, width);
            for (int i = 0; i < n; i++) {
                visitor.accept(keys[i * width], width == 2 ? keys[i * width + 1] : 0);
            }
            return n;
        }
        table = null;
        return externalMerge(tmpDir, visitor);
    }

    private long externalMerge(Path tmpDir, Visitor visitor) throws IOException {
        Files.createDirectories(tmpDir);
        List<Path> runs = new ArrayList<>();
        int chunk = Math.max(MIN_SLOTS, maxSlots / 2);
        long[] buf = new long[chunk * width];
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            long left = logRecords;
            while (left > 0) {
                int n = (int) Math.min(chunk, left);
                for (int i = 0; i < n * width; i++) {
                    buf[i] = in.readLong();
                }
                left -= n;
                LongRecords.sort(buf, n, width);
                n = LongRecords.unique(buf, n, width);
                Path run = tmpDir.resolve("run-" + runs.size());
                try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run), 1 << 16))) {
                    for (int i = 0; i < n * width; i++) {
                        o.writeLong(buf[i]);
                    }
                }
                runs.add(run);
            }
        }
        buf = null;
        long distinct = mergeRuns(runs, visitor);
        for (Path r : runs) {
            Files.deleteIfExists(r);
        }
        Files.deleteIfExists(tmpDir);
        return distinct;
    }

    private long mergeRuns(List<Path> runs, Visitor visitor) throws IOException {
        PriorityQueue<Run> heap = new PriorityQueue<>();
        try {
            for (Path p : runs) {
                Run r = new Run(p, width);
                if (r.advance()) {
                    heap.add(r);
                }
            }
            long distinct = 0;
            boolean any = false;
            long lastLo = 0;
            long lastHi = 0;
            while (!heap.isEmpty()) {
                Run r = heap.poll();
                if (!any || r.lo != lastLo || r.hi != lastHi) {
                    visitor.accept(r.lo, r.hi);
                    distinct++;
                    lastLo = r.lo;
                    lastHi = r.hi;
                    any = true;
                }
                if (r.advance()) {
                    heap.add(r);
                } else {
                    r.close();
                }
            }
            return distinct;
        } finally {
            for (Run r : heap) {
                r.close();
            }
        }
    }

    /** Cursor over one sorted run file. */
    private static final class Run implements Comparable<Run>, Closeable {
        private final DataInputStream in;
        private final int width;
        long lo;
        long hi;

        Run(Path p, int width) throws IOException {
            this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(p), 1 << 16));
            this.width = width;
        }

        boolean advance() throws IOException {
            try {
                lo = in.readLong();
                hi = width == 2 ? in.readLong() : 0;
                return true;
            } catch (EOFException e) {
                return false;
            }
        }

        @Override
        public int compareTo(Run o) {
            int c = Long.compare(lo, o.lo);
            return c != 0 ? c : Long.compare(hi, o.hi);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
