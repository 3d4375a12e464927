package dev.telltale.bench;

import dev.telltale.core.KgwParameters;
import dev.telltale.core.SchemeParameters;
import dev.telltale.core.TokenizerRef;
import dev.telltale.core.WatermarkKey;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Deterministic inputs shared by the benchmarks: a fixed key, uniform and Zipf-distributed token ids, and
 * Zipf-shaped logits. Everything is built in {@code @Setup}, never inside a measured method.
 */
final class BenchInputs {
    /** A fixed, public test secret: benchmark keys must be reproducible, never secret. */
    private static final byte[] SECRET = new byte[WatermarkKey.SECRET_BYTES];
    /** Stands in for a tokenizer definition hash; no tokenizer is loaded by any benchmark. */
    static final String TOKENIZER_SHA256 = "0".repeat(64);

    static {
        for (int i = 0; i < SECRET.length; i++) {
            SECRET[i] = (byte) (i * 37 + 11);
        }
    }

    private BenchInputs() {}

    /** The bench tokenizer's reference at vocabulary size {@code vocab} (V). */
    static TokenizerRef tokenizerRef(int vocab) {
        return new TokenizerRef("bench-v" + vocab, TOKENIZER_SHA256, vocab);
    }

    /** A key of scheme {@code params} for a tokenizer of {@code vocab} ids. */
    static WatermarkKey key(SchemeParameters params, int vocab) {
        return WatermarkKey.fromSecret(SECRET, params, tokenizerRef(vocab), Instant.EPOCH);
    }

    /** [n] ids drawn uniformly from [0, vocab). */
    static int[] uniformIds(int n, int vocab, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = rng.nextInt(vocab);
        }
        return ids;
    }

    /**
     * [n] ids with the repetition of running text: unigrams drawn from Zipf(s) over a random ranking of the
     * vocabulary, and with probability {@code copyRate} per position a span of 8..63 tokens copied from
     * earlier in the sequence (quotes, boilerplate, repeated phrases).
     */
    static int[] textLikeIds(int n, int vocab, double s, double copyRate, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        ZipfTable zipf = new ZipfTable(vocab, s);
        int[] rankToId = permutation(vocab, rng);
        int[] ids = new int[n];
        int i = 0;
        while (i < n) {
            if (i > 64 && rng.nextDouble() < copyRate) {
                int len = Math.min(8 + rng.nextInt(56), n - i);
                int from = rng.nextInt(i - len + 1); // the copied span ends before position i
                for (int j = 0; j < len; j++) {
                    ids[i + j] = ids[from + j];
                }
                i += len;
            } else {
                ids[i++] = rankToId[zipf.sampleRank(rng)];
            }
        }
        return ids;
    }

    /**
     * [vocab] logits shaped like a peaked next-token distribution: logit(rank r) = −s·ln r, so the softmax
     * at temperature 1 is Zipf(s), with ranks randomly assigned to ids.
     */
    static float[] zipfLogits(int vocab, double s, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] rankToId = permutation(vocab, rng);
        float[] logits = new float[vocab];
        for (int r = 0; r < vocab; r++) {
            logits[rankToId[r]] = (float) (-s * Math.log(r + 1.0));
        }
        return logits;
    }

    private static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Inverse-CDF sampler of ranks 0..n-1 with P(r) ∝ (r + 1)^−s. */
    private static final class ZipfTable {
        private final double[] cdf; // [n] cumulative, normalised to cdf[n-1] = 1

        ZipfTable(int n, double s) {
            cdf = new double[n];
            double acc = 0;
            for (int r = 0; r < n; r++) {
                acc += Math.pow(r + 1.0, -s);
                cdf[r] = acc;
            }
            for (int r = 0; r < n; r++) {
                cdf[r] /= acc;
            }
        }

        int sampleRank(SplittableRandom rng) {
            double u = rng.nextDouble();
            int lo = 0;
            int hi = cdf.length - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cdf[mid] < u) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }
}
