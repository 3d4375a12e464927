package dev.telltale.core.internal.bpe;

import java.util.Arrays;

/**
 * Applies BPE merges to one piece, with the reference's rule: repeatedly merge the adjacent pair of lowest
 * rank, the leftmost one among equal ranks, until no pair merges. (The reference pops a min-heap ordered by
 * (rank, position) and skips stale entries; that is the same choice at every step.)
 *
 * <p>Short pieces scan the pair ranks linearly, O(n^2) but tiny; long pieces use a linked list and a heap of
 * packed {@code rank << 32 | position} entries, O(n log n). One instance per thread: it owns its scratch
 * arrays, which grow to the longest piece seen.
 */
final class BpeMerger {
    /** Pieces of up to this many bytes use the linear scan. */
    static final int LINEAR_MAX = 48;
    private static final long NO_MERGE = Long.MAX_VALUE;

    private final MergeTable merges;
    private final int[] byteIds;
    private int[] ids = new int[64];
    private long[] pairs = new long[64]; // [i] merge of (ids[i], ids[i+1]) or NO_MERGE
    private int[] next = new int[64];
    private int[] prev = new int[64];
    private long[] heap = new long[192];

    BpeMerger(MergeTable merges, int[] byteIds) {
        this.merges = merges;
        this.byteIds = byteIds;
    }

    /** Token ids of the piece whose UTF-8 is {@code bytes[0, n)}, n &ge; 1. */
    int[] merge(byte[] bytes, int n) {
        load(bytes, n);
        return n <= LINEAR_MAX ? linear(n) : withHeap(n);
    }

    /** Longest piece (bytes) the scratch arrays hold without growing. */
    int capacity() {
        return ids.length;
    }

    /** As {@link #merge} always with the linear scan (tests). */
    int[] linearOf(byte[] bytes, int n) {
        load(bytes, n);
        return linear(n);
    }

    /** As {@link #merge} always with the heap (tests). */
    int[] heapOf(byte[] bytes, int n) {
        load(bytes, n);
        return withHeap(n);
    }

    private void load(byte[] bytes, int n) {
        if (ids.length < n) {
            int cap = Math.max(n, ids.length * 2);
            ids = new int[cap];
            pairs = new long[cap];
            next = new int[cap];
            prev = new int[cap];
            heap = new long[3 * cap];
        }
        for (int i = 0; i < n; i++) {
            ids[i] = byteIds[bytes[i] & 0xFF];
        }
    }

    private long pair(int left, int right) {
        long v = merges.get(left, right);
        return v == MergeTable.NONE ? NO_MERGE : v;
    }

    private int[] linear(int n) {
        int m = n;
        for (int i = 0; i + 1 < m; i++) {
            pairs[i] = pair(ids[i], ids[i + 1]);
        }
        while (m > 1) {
            int best = -1;
            long bestV = NO_MERGE;
            for (int i = 0; i + 1 < m; i++) {
                if (pairs[i] < bestV) { // ranks are distinct per pair, so this orders by rank, then leftmost
                    bestV = pairs[i];
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            ids[best] = (int) bestV;
            System.arraycopy(ids, best + 2, ids, best + 1, m - best - 2);
            System.arraycopy(pairs, best + 2, pairs, best + 1, m - best - 3 > 0 ? m - best - 3 : 0);
            m--;
            if (best > 0) {
                pairs[best - 1] = pair(ids[best - 1], ids[best]);
            }
            if (best + 1 < m) {
                pairs[best] = pair(ids[best], ids[best + 1]);
            }
        }
        return Arrays.copyOf(ids, m);
    }

    private int[] withHeap(int n) {
        int size = 0;
        for (int i = 0; i < n; i++) {
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        for (int i = 0; i + 1 < n; i++) {
            long v = merges.get(ids[i], ids[i + 1]);
            if (v != MergeTable.NONE) {
                size = push(size, (v & 0xFFFFFFFF00000000L) | i);
            }
        }
        int alive = n;
        while (size > 0) {
            long top = heap[0];
            size = pop(size);
            int pos = (int) top;
            int right = next[pos];
            if (ids[pos] < 0 || right < 0) {
                continue;
            }
            long v = merges.get(ids[pos], ids[right]);
            if (v == MergeTable.NONE || (v >>> 32) != (top >>> 32)) {
                continue; // stale: this pair changed since the entry was pushed
            }
            ids[pos] = (int) v;
            ids[right] = -1;
            alive--;
            int after = next[right];
            next[pos] = after;
            if (after >= 0) {
                prev[after] = pos;
                long w = merges.get(ids[pos], ids[after]);
                if (w != MergeTable.NONE) {
                    size = push(size, (w & 0xFFFFFFFF00000000L) | pos);
                }
            }
            int before = prev[pos];
            if (before >= 0) {
                long w = merges.get(ids[before], ids[pos]);
                if (w != MergeTable.NONE) {
                    size = push(size, (w & 0xFFFFFFFF00000000L) | before);
                }
            }
        }
        int[] out = new int[alive];
        int k = 0;
        for (int i = 0; i >= 0; i = next[i]) {
            out[k++] = ids[i];
        }
        return out;
    }

    private int push(int size, long e) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, heap.length * 2);
        }
        int i = size;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] <= e) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = e;
        return size + 1;
    }

    private int pop(int size) {
        long last = heap[--size];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && heap[child + 1] < heap[child]) {
                child++;
            }
            if (heap[child] >= last) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = last;
        return size;
    }
}
