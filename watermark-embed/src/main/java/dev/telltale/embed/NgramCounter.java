package dev.telltale.embed;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Counts the n-grams of a token-id corpus into one {@link NgramTable} per order, with raw counts at the
 * top order and Kneser–Ney continuation counts below it.
 *
 * <p>Boundary handling: every document is left-padded with {@code order − 1} copies of the reserved id
 * {@code BOS = V}, so each real token is the last id of exactly one top-order n-gram (an "event") and no
 * n-gram spans two documents. BOS is never a successor, only a context id.
 *
 * <p>Method: the events are sorted lexicographically by their n-gram with an LSD radix sort (one stable
 * counting-sort pass per id, V + 1 buckets), and runs of equal n-grams become the top-order types with
 * their raw counts. The (k+1)-gram types, re-sorted by their last k ids, give the k-gram types; the size
 * of each run is the continuation count N1+(• h w), the number of distinct left extensions [1, §3].
 * Everything is O(order² · (tokens + V)) over int arrays.
 *
 * <pre>
 * [1] Chen &amp; Goodman. An Empirical Study of Smoothing Techniques for Language Modeling. TR-10-98, 1998.
 * </pre>
 */
final class NgramCounter {
    private final int order;
    private final int vocabSize;
    private final int bos;
    private final MessageDigest sha256;
    private final byte[] digestBuffer = new byte[4];
    private int[] tokens = new int[1 << 16]; // padded concatenation of all documents
    private int size;
    private int[] events = new int[1 << 16]; // [tokens] end positions of the top-order n-grams
    private int eventCount;

    NgramCounter(int order, int vocabSize) {
        this.order = order;
        this.vocabSize = vocabSize;
        this.bos = vocabSize;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** Adds one document; its ids must be in [0, V). Hashes (length, ids...) as big-endian ints. */
    void add(int[] document) {
        updateDigest(document.length);
        ensureCapacity(document.length);
        for (int j = 0; j < order - 1; j++) {
            tokens[size++] = bos;
        }
        for (int id : document) {
            if (id < 0 || id >= vocabSize) {
                throw new IllegalArgumentException("token id must be in [0, " + vocabSize + "), got " + id);
            }
            updateDigest(id);
            events[eventCount++] = size;
            tokens[size++] = id;
        }
    }

    long tokenCount() {
        return eventCount;
    }

    byte[] digest() {
        return sha256.digest();
    }

    /** [order + 1] tables; index k holds the k-grams, index 0 is null. */
    NgramTable[] build() {
        NgramTable[] tables = new NgramTable[order + 1];
        int[] count = new int[vocabSize + 2];
        // Top order: raw counts of the event n-grams.
        int[] sorted = radixSort(Arrays.copyOf(events, eventCount), order, count);
        int[] typeEnds = new int[sorted.length];
        int[] typeCounts = new int[sorted.length];
        int types = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i > 0 && sameGram(sorted[i - 1], sorted[i], order)) {
                typeCounts[types - 1]++;
            } else {
                typeEnds[types] = sorted[i];
                typeCounts[types++] = 1;
            }
        }
        tables[order] = table(typeEnds, typeCounts, types, order);
        // Lower orders: continuation counts = number of (k+1)-gram types sharing the k-gram suffix.
        for (int k = order - 1; k >= 1; k--) {
            sorted = radixSort(Arrays.copyOf(typeEnds, types), k, count);
            types = 0;
            for (int i = 0; i < sorted.length; i++) {
                if (i > 0 && sameGram(sorted[i - 1], sorted[i], k)) {
                    typeCounts[types - 1]++;
                } else {
                    typeEnds[types] = sorted[i];
                    typeCounts[types++] = 1;
                }
            }
            tables[k] = table(typeEnds, typeCounts, types, k);
        }
        return tables;
    }

    /** Stable LSD sort of n-gram end positions by the n-gram tokens[p − n + 1 .. p], oldest id most significant. */
    private int[] radixSort(int[] positions, int n, int[] count) {
        int[] src = positions;
        int[] dst = new int[positions.length];
        for (int back = 0; back < n; back++) { // newest id first (least significant)
            Arrays.fill(count, 0);
            for (int p : src) {
                count[tokens[p - back] + 1]++;
            }
            for (int b = 1; b < count.length; b++) {
                count[b] += count[b - 1];
            }
            for (int p : src) {
                dst[count[tokens[p - back]]++] = p;
            }
            int[] t = src;
            src = dst;
            dst = t;
        }
        return src;
    }

    private boolean sameGram(int a, int b, int n) {
        for (int back = 0; back < n; back++) {
            if (tokens[a - back] != tokens[b - back]) {
                return false;
            }
        }
        return true;
    }

    /** Builds the CSR table of k-grams from {@code ends[0..types)}, sorted by k-gram. */
    private NgramTable table(int[] ends, int[] gramCounts, int types, int k) {
        int ctxLen = k - 1;
        int rows = ctxLen == 0 ? 1 : 0;
        for (int i = 0; i < types && ctxLen > 0; i++) {
            if (i == 0 || !sameGram(ends[i - 1] - 1, ends[i] - 1, ctxLen)) {
                rows++;
            }
        }
        int[] contexts = new int[rows * ctxLen];
        int[] offsets = new int[rows + 1];
        int[] successors = new int[types];
        int[] counts = Arrays.copyOf(gramCounts, types);
        int row = ctxLen == 0 ? 1 : 0;
        for (int i = 0; i < types; i++) {
            int p = ends[i];
            if (ctxLen > 0 && (i == 0 || !sameGram(ends[i - 1] - 1, p - 1, ctxLen))) {
                offsets[row] = i;
                System.arraycopy(tokens, p - ctxLen, contexts, row * ctxLen, ctxLen);
                row++;
            }
            successors[i] = tokens[p];
        }
        offsets[rows] = types;
        return new NgramTable(ctxLen, vocabSize, contexts, offsets, successors, counts);
    }

    private void ensureCapacity(int documentLength) {
        long need = (long) size + documentLength + order;
        if (need > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("corpus too large for int-indexed arrays: " + need + " ids");
        }
        if (need > tokens.length) {
            tokens = Arrays.copyOf(tokens, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(need, 2L * tokens.length)));
        }
        long needEvents = (long) eventCount + documentLength;
        if (needEvents > events.length) {
            events = Arrays.copyOf(events, (int) Math.min(Integer.MAX_VALUE - 8,
                    Math.max(needEvents, 2L * events.length)));
        }
    }

    private void updateDigest(int v) {
        digestBuffer[0] = (byte) (v >>> 24);
        digestBuffer[1] = (byte) (v >>> 16);
        digestBuffer[2] = (byte) (v >>> 8);
        digestBuffer[3] = (byte) v;
        sha256.update(digestBuffer);
    }
}
