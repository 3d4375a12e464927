package dev.telltale.embed;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;

/**
 * The versioned binary file format of {@link KneserNeyModel}. All numbers are big-endian
 * ({@link DataOutputStream}); {@link #read} also accepts the same bytes gzip-compressed.
 *
 * <pre>
 * magic      4 bytes   "TTKN"
 * version    int       1
 * order      int       N in [2, 5]
 * vocab      int       V (the BOS pad id is V)
 * tokens     long      training tokens, BOS excluded
 * sha256     32 bytes  hash of the training ids
 * discounts  N doubles D_1 .. D_N
 * tables     N times, k = 1 .. N (context length k − 1), see {@link NgramTable}:
 *   rows int, entries int,
 *   contexts   int[rows * (k − 1)]
 *   offsets    int[rows + 1]
 *   successors int[entries]
 *   counts     int[entries]
 * </pre>
 *
 * Reading validates every table invariant plus the nesting the fast {@link KneserNeyModel#logits} path
 * relies on (each row's successors are a subset of its suffix context's successors), and reports a
 * corrupt file as an {@link IOException}.
 */
final class KneserNeyModelFormat {
    static final int MAGIC = 0x54544B4E; // "TTKN"
    static final int VERSION = 1;

    private KneserNeyModelFormat() {
    }

    static void write(KneserNeyModel model, OutputStream sink) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(sink, 1 << 16));
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(model.order());
        out.writeInt(model.vocabSize());
        out.writeLong(model.tokenCount());
        out.write(model.hashRef());
        double[] discounts = model.discountsArray();
        for (int k = 1; k <= model.order(); k++) {
            out.writeDouble(discounts[k]);
        }
        for (int k = 1; k <= model.order(); k++) {
            model.table(k).write(out);
        }
        out.flush();
    }

    static KneserNeyModel read(InputStream source) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(source, 1 << 16);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        InputStream raw = (b0 == 0x1f && b1 == 0x8b) ? new GZIPInputStream(buffered, 1 << 16) : buffered;
        DataInputStream in = new DataInputStream(raw);
        int magic = in.readInt();
        if (magic != MAGIC) {
            throw new IOException("not a Kneser-Ney model file: magic 0x" + Integer.toHexString(magic)
                    + ", expected \"TTKN\"");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("unsupported Kneser-Ney model version " + version + ", this build reads " + VERSION);
        }
        int order = in.readInt();
        int vocabSize = in.readInt();
        try {
            KneserNeyModel.checkOrderAndVocab(order, vocabSize);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt model header: " + e.getMessage(), e);
        }
        long tokens = in.readLong();
        byte[] sha256 = new byte[32];
        in.readFully(sha256);
        double[] discounts = new double[order + 1];
        for (int k = 1; k <= order; k++) {
            discounts[k] = in.readDouble();
        }
        NgramTable[] tables = new NgramTable[order + 1];
        for (int k = 1; k <= order; k++) {
            tables[k] = NgramTable.read(in, k - 1, vocabSize);
        }
        for (int k = 2; k <= order; k++) {
            checkNested(tables[k], tables[k - 1], k);
        }
        try {
            return new KneserNeyModel(order, vocabSize, tables, discounts, tokens, sha256);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt model: " + e.getMessage(), e);
        }
    }

    /** Every row of {@code upper} must have its suffix context in {@code lower}, with a superset of successors. */
    private static void checkNested(NgramTable upper, NgramTable lower, int k) throws IOException {
        int ctxLen = upper.contextLength;
        for (int r = 0; r < upper.rows(); r++) {
            int lowerRow = lower.find(upper.contexts, r * ctxLen + 1);
            if (lowerRow < 0) {
                throw new IOException("corrupt model: order-" + k + " row " + r + " has no suffix context");
            }
            for (int i = upper.offsets[r]; i < upper.offsets[r + 1]; i++) {
                int w = upper.successors[i];
                if (lower.findSuccessor(lowerRow, w) < 0) {
                    throw new IOException("corrupt model: order-" + k + " successor " + w
                            + " missing from its suffix context");
                }
            }
        }
    }
}
