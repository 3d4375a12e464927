package dev.telltale.embed;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;

/**
 * The k-grams of one order of an n-gram model in compressed sparse row (CSR) form: one row per distinct
 * context (the k−1 ids before the predicted one), holding that context's successors and their counts.
 *
 * <pre>
 * contexts   [rows * (k-1)]  row-major, rows sorted lexicographically (oldest id first); ids in [0, V]
 *                            where V is the beginning-of-document pad
 * offsets    [rows + 1]      row r owns entries offsets[r] .. offsets[r+1]
 * successors [entries]       ids in [0, V), strictly ascending within a row
 * counts     [entries]       &gt;= 1 (raw counts at the top order, continuation counts below)
 * rowTotals  [rows]          sum of the row's counts (derived)
 * </pre>
 *
 * <p>The order-1 table has context length 0 and exactly one row (possibly empty). Immutable once built;
 * the constructor validates every invariant so that a table read from a file is as trustworthy as a
 * trained one.
 */
final class NgramTable {
    private static final int IO_CHUNK_INTS = 1 << 14;

    final int contextLength;
    final int[] contexts;
    final int[] offsets;
    final int[] successors;
    final int[] counts;
    final int[] rowTotals;

    NgramTable(int contextLength, int vocabSize, int[] contexts, int[] offsets, int[] successors, int[] counts) {
        if (contextLength < 0) {
            throw new IllegalArgumentException("context length must be >= 0, got " + contextLength);
        }
        int rows = offsets.length - 1;
        if (rows < 0 || (contextLength == 0 && rows != 1)) {
            throw new IllegalArgumentException("order-1 table must have exactly one row, got " + rows);
        }
        if ((long) rows * contextLength != contexts.length) {
            throw new IllegalArgumentException("contexts length " + contexts.length + " != rows " + rows
                    + " * context length " + contextLength);
        }
        if (successors.length != counts.length || offsets[0] != 0 || offsets[rows] != successors.length) {
            throw new IllegalArgumentException("offsets, successors and counts disagree on the entry count");
        }
        this.contextLength = contextLength;
        this.contexts = contexts;
        this.offsets = offsets;
        this.successors = successors;
        this.counts = counts;
        this.rowTotals = new int[rows];
        for (int r = 0; r < rows; r++) {
            if (offsets[r + 1] < offsets[r] || (contextLength > 0 && offsets[r + 1] == offsets[r])) {
                throw new IllegalArgumentException("row " + r + " has a bad offset range");
            }
            if (r > 0 && compareRows(r - 1, r) >= 0) {
                throw new IllegalArgumentException("contexts are not strictly ascending at row " + r);
            }
            for (int j = 0; j < contextLength; j++) {
                int id = contexts[r * contextLength + j];
                if (id < 0 || id > vocabSize) {
                    throw new IllegalArgumentException("context id " + id + " outside [0, " + vocabSize + "]");
                }
            }
            long total = 0;
            for (int i = offsets[r]; i < offsets[r + 1]; i++) {
                int w = successors[i];
                if (w < 0 || w >= vocabSize || (i > offsets[r] && w <= successors[i - 1])) {
                    throw new IllegalArgumentException("successor " + w + " out of range or order in row " + r);
                }
                if (counts[i] < 1) {
                    throw new IllegalArgumentException("count must be >= 1, got " + counts[i]);
                }
                total += counts[i];
            }
            if (total > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("row " + r + " total overflows an int: " + total);
            }
            rowTotals[r] = (int) total;
        }
    }

    int rows() {
        return offsets.length - 1;
    }

    int rowLength(int row) {
        return offsets[row + 1] - offsets[row];
    }

    /** The row whose context equals {@code key[from .. from + contextLength)}, or −1. */
    int find(int[] key, int from) {
        if (contextLength == 0) {
            return 0;
        }
        int lo = 0;
        int hi = rows() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = compareRowToKey(mid, key, from);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** The entry index of {@code w} in {@code row}, or −1. */
    int findSuccessor(int row, int w) {
        int lo = offsets[row];
        int hi = offsets[row + 1] - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (successors[mid] < w) {
                lo = mid + 1;
            } else if (successors[mid] > w) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    private int compareRowToKey(int row, int[] key, int from) {
        int base = row * contextLength;
        for (int j = 0; j < contextLength; j++) {
            int c = Integer.compare(contexts[base + j], key[from + j]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private int compareRows(int a, int b) {
        return compareRowToKey(a, contexts, b * contextLength);
    }

    /** Count-of-counts n_c for c = 1, 2: the number of entries whose count is exactly 1 (resp. 2). */
    long[] countOfCounts() {
        long[] n = new long[3];
        for (int c : counts) {
            if (c <= 2) {
                n[c]++;
            }
        }
        return n;
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(rows());
        out.writeInt(successors.length);
        writeInts(out, contexts);
        writeInts(out, offsets);
        writeInts(out, successors);
        writeInts(out, counts);
    }

    static NgramTable read(DataInputStream in, int contextLength, int vocabSize) throws IOException {
        int rows = in.readInt();
        int entries = in.readInt();
        long contextInts = (long) rows * contextLength;
        if (rows < 0 || entries < 0 || contextInts > Integer.MAX_VALUE - 8 || rows > Integer.MAX_VALUE - 9) {
            throw new IOException("corrupt n-gram table header: rows=" + rows + " entries=" + entries);
        }
        int[] contexts = readInts(in, (int) contextInts);
        int[] offsets = readInts(in, rows + 1);
        int[] successors = readInts(in, entries);
        int[] counts = readInts(in, entries);
        try {
            return new NgramTable(contextLength, vocabSize, contexts, offsets, successors, counts);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt n-gram table: " + e.getMessage(), e);
        }
    }

    // Bulk big-endian int I/O: DataOutputStream.writeInt per element is several times slower.
    private static void writeInts(DataOutputStream out, int[] values) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(IO_CHUNK_INTS * Integer.BYTES);
        IntBuffer ints = bytes.asIntBuffer();
        for (int off = 0; off < values.length; off += IO_CHUNK_INTS) {
            int n = Math.min(IO_CHUNK_INTS, values.length - off);
            ints.clear();
            ints.put(values, off, n);
            out.write(bytes.array(), 0, n * Integer.BYTES);
        }
    }

    private static int[] readInts(DataInputStream in, int count) throws IOException {
        int[] values = new int[count];
        ByteBuffer bytes = ByteBuffer.allocate(IO_CHUNK_INTS * Integer.BYTES);
        IntBuffer ints = bytes.asIntBuffer();
        for (int off = 0; off < count; off += IO_CHUNK_INTS) {
            int n = Math.min(IO_CHUNK_INTS, count - off);
            in.readFully(bytes.array(), 0, n * Integer.BYTES);
            ints.clear();
            ints.get(values, off, n);
        }
        return values;
    }
}
