package dev.telltale.embed;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Interpolated Kneser–Ney n-gram model over token ids [1, 2] with full-vocabulary output: the toolkit's
 * embedded default {@link LanguageModel}.
 *
 * <p>Symbols: N = {@code order} (2..5), V = {@code vocabSize}, D_k the discount of order k, c(h w) raw
 * counts, N1+(• h w) continuation counts (distinct left extensions), N1+(h •) the number of distinct
 * successors of context h.
 *
 * <pre>
 * Top order (k = N), raw counts; middle orders (1 &lt; k &lt; N), continuation counts c_k = N1+(• h w):
 *   p_k(w | h) = max(c_k(h w) − D_k, 0) / Σ_v c_k(h v)  +  γ_k(h) · p_{k−1}(w | h')
 *   γ_k(h)     = D_k · N1+(h •) / Σ_v c_k(h v)          h' = h without its oldest id
 *   p_k(w | h) = p_{k−1}(w | h')                         if h was never seen at order k
 * Lowest order, continuation unigram interpolated with the uniform distribution:
 *   p_1(w) = max(N1+(• w) − D_1, 0) / N1+(• •)  +  D_1 · N1+(•) / N1+(• •) · 1/V   (1/V on an empty corpus)
 * Discounts from count-of-counts n_1, n_2 of each order's (raw or continuation) counts [2, eq. 26]:
 *   D_k = n_1 / (n_1 + 2 n_2),   or 0.5 when n_1 = 0 (toy corpora), so D_k ∈ (0, 1].
 * Unrolling the recursion with Λ_N = 1, Λ_{k−1} = Λ_k · γ_k (γ_k = 1 for unseen contexts):
 *   p(w | h) = Λ_1 · p_1(w) + Σ_{k=2..N} Λ_k · max(c_k(h_k w) − D_k, 0) / Σ_v c_k(h_k v)
 * </pre>
 *
 * Every order's distribution sums to one because counts are ≥ 1 ≥ D_k; every token has p ≥ Λ_1 · D_1 ·
 * N1+(•) / (N1+(• •) · V) &gt; 0. Successors of a context are a subset of the successors of its suffix, so
 * {@link #logits} writes Λ_1 · p_1(w) densely and then fixes up only the successors of the order-2 row.
 *
 * <p>Boundaries: each training document is left-padded with N − 1 copies of the reserved id BOS = V,
 * which is a context id only and never predicted. Likewise {@link #logits} treats a context shorter than
 * N − 1 ids as the start of a document and pads it with BOS; contexts never seen back off through the
 * lower orders. (Unlike KenLM, n-grams starting with BOS get no special raw-count treatment.)
 *
 * <p>Threading: the model data is immutable, but {@link #logits} uses scratch arrays held by the
 * instance, so one instance serves one thread at a time; {@link #copy()} gives another thread its own
 * instance sharing the tables.
 *
 * <pre>
 * [1] Kneser &amp; Ney. Improved backing-off for M-gram language modeling. ICASSP 1995.
 * [2] Chen &amp; Goodman. An Empirical Study of Smoothing Techniques for Language Modeling. TR-10-98, 1998.
 * </pre>
 */
public final class KneserNeyModel implements MixtureModel {
    public static final int DEFAULT_ORDER = 3;
    public static final int MIN_ORDER = 2;
    public static final int MAX_ORDER = 5;
    /** Discount used for an order whose count-of-counts has n_1 = 0. */
    static final double FALLBACK_DISCOUNT = 0.5;

    private final int order;
    private final int vocabSize;
    private final NgramTable[] tables;   // [order + 1], index k = k-grams, index 0 null
    private final double[] discounts;    // [order + 1], D_k, index 0 unused
    private final long tokenCount;
    private final byte[] corpusSha256;   // SHA-256 of the training documents (see NgramCounter#add)
    private final double[] unigram;      // [vocab] p_1(w)
    private final float[] logUnigram;    // [vocab] log p_1(w)
    private final double[] cumUnigram;   // [vocab] Σ_{v <= w} p_1(v), for sampling the dense component
    // Per-instance scratch for logits(); see the class Javadoc on threading.
    private final int[] paddedContext;   // [order - 1]
    private final int[] rows;            // [order + 1] row of h_k in tables[k], or −1
    private final double[] scales;       // [order + 1] Λ_k / Σ_v c_k(h_k v)
    private final int[] cursors;         // [order + 1] merge cursors into the successor lists
    private double lambda1;              // Λ_1 of the last prepared context

    KneserNeyModel(int order, int vocabSize, NgramTable[] tables, double[] discounts, long tokenCount,
                   byte[] corpusSha256) {
        checkOrderAndVocab(order, vocabSize);
        if (tables.length != order + 1 || discounts.length != order + 1 || corpusSha256.length != 32) {
            throw new IllegalArgumentException("expected " + (order + 1) + " tables and discounts and a 32-byte hash");
        }
        for (int k = 1; k <= order; k++) {
            if (tables[k].contextLength != k - 1) {
                throw new IllegalArgumentException("table " + k + " has context length " + tables[k].contextLength);
            }
            if (!(discounts[k] > 0 && discounts[k] <= 1)) {
                throw new IllegalArgumentException("discount D_" + k + " must be in (0, 1], got " + discounts[k]);
            }
        }
        this.order = order;
        this.vocabSize = vocabSize;
        this.tables = tables;
        this.discounts = discounts;
        this.tokenCount = tokenCount;
        this.corpusSha256 = corpusSha256.clone();
        this.unigram = lowestOrder(tables[1], discounts[1], vocabSize);
        this.logUnigram = new float[vocabSize];
        for (int w = 0; w < vocabSize; w++) {
            logUnigram[w] = (float) Math.log(unigram[w]);
        }
        this.cumUnigram = new double[vocabSize];
        double cum = 0;
        for (int w = 0; w < vocabSize; w++) {
            cum += unigram[w];
            cumUnigram[w] = cum;
        }
        this.paddedContext = new int[order - 1];
        this.rows = new int[order + 1];
        this.scales = new double[order + 1];
        this.cursors = new int[order + 1];
    }

    private KneserNeyModel(KneserNeyModel shared) {
        this.order = shared.order;
        this.vocabSize = shared.vocabSize;
        this.tables = shared.tables;
        this.discounts = shared.discounts;
        this.tokenCount = shared.tokenCount;
        this.corpusSha256 = shared.corpusSha256;
        this.unigram = shared.unigram;
        this.logUnigram = shared.logUnigram;
        this.cumUnigram = shared.cumUnigram;
        this.paddedContext = new int[order - 1];
        this.rows = new int[order + 1];
        this.scales = new double[order + 1];
        this.cursors = new int[order + 1];
    }

    /**
     * Trains a model on token-id documents (each is padded with BOS at its start, see the class Javadoc).
     *
     * @param documents token-id sequences, ids in [0, vocabSize); read once
     * @param vocabSize V, the number of logits per step
     * @param order     N, in [2, 5]; {@link #DEFAULT_ORDER} is 3
     */
    public static KneserNeyModel train(Iterable<int[]> documents, int vocabSize, int order) {
        checkOrderAndVocab(order, vocabSize);
        NgramCounter counter = new NgramCounter(order, vocabSize);
        for (int[] document : documents) {
            counter.add(Objects.requireNonNull(document, "document"));
        }
        NgramTable[] tables = counter.build();
        double[] discounts = new double[order + 1];
        for (int k = 1; k <= order; k++) {
            long[] n = tables[k].countOfCounts();
            discounts[k] = n[1] > 0 ? (double) n[1] / (n[1] + 2.0 * n[2]) : FALLBACK_DISCOUNT;
        }
        return new KneserNeyModel(order, vocabSize, tables, discounts, counter.tokenCount(), counter.digest());
    }

    /** {@link #train(Iterable, int, int)} with {@link #DEFAULT_ORDER}. */
    public static KneserNeyModel train(Iterable<int[]> documents, int vocabSize) {
        return train(documents, vocabSize, DEFAULT_ORDER);
    }

    /** Trains on a single document given as one id array. */
    public static KneserNeyModel trainFromIds(int[] ids, int vocabSize, int order) {
        return train(List.of(ids), vocabSize, order);
    }

    /** Reads a model written by {@link #write}; see {@link KneserNeyModelFormat} for the layout. */
    public static KneserNeyModel read(InputStream in) throws IOException {
        return KneserNeyModelFormat.read(in);
    }

    /** Writes this model in the versioned "TTKN" binary format; the stream is flushed, not closed. */
    public void write(OutputStream out) throws IOException {
        KneserNeyModelFormat.write(this, out);
    }

    /** A new instance sharing this model's immutable tables, with its own scratch space for another thread. */
    public KneserNeyModel copy() {
        return new KneserNeyModel(this);
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    public int order() {
        return order;
    }

    /** Number of training tokens (BOS padding excluded). */
    public long tokenCount() {
        return tokenCount;
    }

    /** SHA-256 of the training ids (per document: length, then ids, as big-endian ints). */
    public byte[] corpusSha256() {
        return corpusSha256.clone();
    }

    /** D_k for k in [1, order]. */
    public double discount(int k) {
        Objects.checkIndex(k - 1, order);
        return discounts[k];
    }

    @Override
    public String describe() {
        return "kneser-ney order=" + order + " V=" + vocabSize + " tokens=" + tokenCount
                + " sha256=" + HexFormat.of().formatHex(corpusSha256, 0, 8);
    }

    @Override
    public String toString() {
        return describe();
    }

    /**
     * Writes the natural-log probabilities log p(w | h) of all V tokens, h being the last N − 1 ids of the
     * context (BOS-padded when shorter). Allocation-free; cost is one pass over V plus one log per
     * successor of the order-2 context.
     *
     * @throws IllegalArgumentException if a context id is outside [0, V)
     */
    @Override
    public void logits(int[] context, int length, float[] out) {
        if (out.length < vocabSize) {
            throw new IllegalArgumentException("out must hold " + vocabSize + " logits, got " + out.length);
        }
        int lowestSeen = prepare(context, length);
        // [vocab] log p_1 -> [vocab] log(Λ_1 p_1): exact for every token outside the sparse rows.
        double lambda = lambda1;
        float logLambda = (float) Math.log(lambda);
        float[] logUni = logUnigram;
        for (int w = 0; w < vocabSize; w++) {
            out[w] = logLambda + logUni[w];
        }
        if (lowestSeen > 0) {
            mergeSuccessors(lowestSeen, out, null);
        }
    }

    /**
     * The same distribution as {@link #logits}, in mixture form: {@code p(w | h) = Λ_1 · p_1(w) + extra(w)}
     * with extra(w) &gt; 0 only on the successors of the lowest seen context row. Allocation-free once
     * {@code out} has grown to the longest row.
     */
    @Override
    public void mixture(int[] context, int length, MixtureStep out) {
        int lowestSeen = prepare(context, length);
        out.reset(lambda1);
        if (lowestSeen > 0) {
            out.ensureCapacity(tables[lowestSeen].rowLength(rows[lowestSeen]));
            mergeSuccessors(lowestSeen, null, out);
        }
    }

    @Override
    public double baseProbability(int token) {
        return unigram[token];
    }

    /** The token whose cumulative base probability first exceeds {@code u · Σ p_1} (binary search). */
    @Override
    public int sampleBase(double u) {
        double target = u * cumUnigram[vocabSize - 1];
        int lo = 0;
        int hi = vocabSize - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumUnigram[mid] > target) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /**
     * Pads the context, finds its row at every order and computes Λ_k / Σ_v c_k(h_k v) ({@code scales}) and
     * Λ_1 ({@code lambda1}). Returns the lowest order k ≥ 2 whose context was seen, or 0 if none was.
     */
    private int prepare(int[] context, int length) {
        Objects.checkFromIndexSize(0, length, context.length);
        int h = order - 1;
        for (int j = 0; j < h; j++) {
            int src = length - h + j;
            int id = src < 0 ? vocabSize : context[src];
            if (src >= 0 && (id < 0 || id >= vocabSize)) {
                throw new IllegalArgumentException("context id must be in [0, " + vocabSize + "), got " + id);
            }
            paddedContext[j] = id;
        }
        // Λ_k and the per-row scale Λ_k / total, from the top order down.
        double lambda = 1.0;
        int lowestSeen = 0;
        for (int k = order; k >= 2; k--) {
            NgramTable t = tables[k];
            int row = t.find(paddedContext, order - k);
            rows[k] = row;
            if (row < 0) {
                continue;
            }
            double total = t.rowTotals[row];
            scales[k] = lambda / total;
            lambda *= discounts[k] * t.rowLength(row) / total;
            lowestSeen = k;
        }
        lambda1 = lambda;
        return lowestSeen;
    }

    /**
     * Walks the successors of the lowest seen row, merging the higher rows along it (successors nest: the
     * row at order k is a subset of the row at order k−1), and writes either log p(w) into {@code logits} or
     * extra(w) = p(w) − Λ_1 p_1(w) (computed without the dense term) into {@code step}.
     */
    private void mergeSuccessors(int lowestSeen, float[] logits, MixtureStep step) {
        for (int k = lowestSeen + 1; k <= order; k++) {
            cursors[k] = rows[k] < 0 ? -1 : tables[k].offsets[rows[k]];
        }
        double lambda = lambda1;
        NgramTable base = tables[lowestSeen];
        double baseScale = scales[lowestSeen];
        double baseDiscount = discounts[lowestSeen];
        for (int i = base.offsets[rows[lowestSeen]], end = base.offsets[rows[lowestSeen] + 1]; i < end; i++) {
            int w = base.successors[i];
            // Same summation order as before the mixture form existed, so logits are unchanged bit for bit.
            double p = (logits != null ? lambda * unigram[w] : 0.0) + baseScale * Math.max(base.counts[i] - baseDiscount, 0.0);
            for (int k = lowestSeen + 1; k <= order; k++) {
                int c = cursors[k];
                if (c < 0) {
                    continue;
                }
                NgramTable t = tables[k];
                if (c < t.offsets[rows[k] + 1] && t.successors[c] == w) {
                    p += scales[k] * Math.max(t.counts[c] - discounts[k], 0.0);
                    cursors[k] = c + 1;
                }
            }
            if (logits != null) {
                logits[w] = (float) Math.log(p);
            } else {
                step.add(w, p);
            }
        }
    }

    /** [vocab] p_1(w), the continuation unigram interpolated with 1/V. */
    private static double[] lowestOrder(NgramTable unigrams, double discount, int vocabSize) {
        double[] p = new double[vocabSize];
        double total = unigrams.rowTotals[0];
        if (total == 0) {
            Arrays.fill(p, 1.0 / vocabSize);
            return p;
        }
        double uniform = discount * unigrams.rowLength(0) / total / vocabSize;
        Arrays.fill(p, uniform);
        for (int i = unigrams.offsets[0]; i < unigrams.offsets[1]; i++) {
            p[unigrams.successors[i]] += Math.max(unigrams.counts[i] - discount, 0.0) / total;
        }
        return p;
    }

    static void checkOrderAndVocab(int order, int vocabSize) {
        if (order < MIN_ORDER || order > MAX_ORDER) {
            throw new IllegalArgumentException("order must be in [" + MIN_ORDER + ", " + MAX_ORDER + "], got " + order);
        }
        if (vocabSize < 1 || vocabSize > Integer.MAX_VALUE - 9) {
            throw new IllegalArgumentException("vocab size must be in [1, 2^31 - 10], got " + vocabSize);
        }
    }

    // Package-private accessors for KneserNeyModelFormat.
    NgramTable table(int k) {
        return tables[k];
    }

    double[] discountsArray() {
        return discounts;
    }

    byte[] hashRef() {
        return corpusSha256;
    }
}
