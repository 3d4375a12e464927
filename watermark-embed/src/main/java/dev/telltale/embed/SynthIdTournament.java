package dev.telltale.embed;

import dev.telltale.core.Tt1Prf;
import dev.telltale.core.internal.Shorts;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The output distribution of SynthID's non-distortionary two-way tournament [1], exactly, without drawing
 * the 2^m leaves, and a draw from it.
 *
 * <pre>
 * One layer l with g-values g_l(v) ∈ {0, 1}: draw two candidates i.i.d. from p_l; the one with the larger
 * g_l wins, a tie is broken uniformly. With m_l = Σ_w p_l(w) g_l(w):
 *   g_l(v) = 1:  P(win = v) = p_v² + 2 p_v [(1 − m_l) + ½ (m_l − p_v)] = p_v (2 − m_l)
 *   g_l(v) = 0:  P(win = v) = p_v² + 2 p_v · ½ (1 − m_l − p_v)         = p_v (1 − m_l)
 * so  p_{l+1}(v) = p_l(v) · (1 + g_l(v) − m_l)      (layer 0 first, m layers).
 * This is the update of [1, Methods, "tournament sampling", N = 2] and of the reference implementations'
 * "scores" step; it is derived here and checked by SynthIdTournamentTest against a brute-force enumeration
 * of the tournament. Each layer keeps Σ p = 1; averaged over g_l ~ Bernoulli(½) i.i.d. it keeps p itself
 * (E[g_v − m_l] = 0), so the tournament is non-distortionary over keys.
 *
 * Blocked evaluation. p_m(v) = p_0(v) · Π_l c_l(g_l(v)) with c_l(1) = 2 − m_l, c_l(0) = 1 − m_l, and m_l
 * depends on v only through g_0..g_l(v). With layers grouped in blocks of B bits ({@link #BLOCK_BITS}),
 * block k needs only
 * the masses of the 2^B patterns of its bits, each token weighted by the factors of earlier blocks:
 *   M_k[b] = Σ_{v : bits_k(v) = b} p_0(v) · Π_{j<k} F_j[bits_j(v)],
 * after which the B layers of the block run on the 2^B masses and give the block's factors F_k[b]. The
 * layers contract one bit each: with A[h] the mass of the patterns whose unplayed bits are h, weighted by
 * the played layers' factors, layer l reads m_l off A (the odd entries) and halves it,
 * A'[h] = c_l(0)·A[2h] + c_l(1)·A[2h+1], so a block costs about 2·2^B operations, not B·2^B.
 * The patterns of every block are computed first, on SIMD lanes (Tt1Prf.patterns, shorts); then one pass per
 * block sums M_k, the later ones multiplying each weight by the previous block's factor on the way.
 *
 * Drawing. {@link #apply} plays every layer by blocks (m = 30: three blocks of 10 bits) and finalises the
 * weights. A draw needs less: {@link #sample} sums the first 24 layers in two blocks of 12 bits and plays the
 * last 6 by lazy matches (see there), each of whose at most 64 leaves is a last-block pattern b with
 * probability M_last[b]·F_last[b] / Σ, then a token of that pattern in proportion to its weight.
 * Per step at V = 151,669 (p10, docs/benchmarks.md): about 1.28x a plain sampling step, against 1.57x with
 * three summed blocks and a token found by a scan of the vocabulary.
 * Supports of at most {@link #SMALL} tokens (top-k) are done directly, layer by layer.
 * </pre>
 *
 * One instance per thread (scratch buffers); allocation-free after construction.
 *
 * <p>[1] Dathathri et al. Scalable watermarking for identifying large language model outputs. Nature 634,
 * 818-823 (2024).
 */
final class SynthIdTournament {
    /**
     * Widest block: B = ⌈m / ⌈m / 12⌉⌉, so m = 30 plays three blocks of 10 bits in {@link #apply} and a draw
     * two of 12. Measured at V = 32,000 to 151,669 (p10 of a step): blocks of up to 12 bits beat 15-bit ones
     * (256 KB tables that miss L1 and 2^15-entry block work) and 8- or 9-bit ones (more passes).
     */
    static final int BLOCK_BITS = 12;
    /** Bits of u a block's pass sums over at least (see blocks()). */
    private static final int HIST_BITS = 12;
    /**
     * Layers a full-vocabulary draw plays by lazy matches instead of sums (see {@link #sample}): at most
     * 2^6 = 64 leaf draws, and m = 30 needs two passes (24 summed layers) instead of three. 7 or 8 measured
     * about the same on a peaked distribution and slower on a flat one (more leaves, more patterns to list).
     */
    static final int LAZY_BITS = 6;
    static final int SMALL = 512;
    private static final int MAX_BLOCKS = (64 + BLOCK_BITS - 1) / BLOCK_BITS;
    private final double[][] factors = new double[MAX_BLOCKS][];
    private final short[][] patterns = new short[MAX_BLOCKS][0]; // [block][vocab] bits of u(seed, v), see blocks()
    private final int[] shifts = new int[MAX_BLOCKS];
    private final int[] histMasks = new int[MAX_BLOCKS];
    private final double[] mass = new double[1 << Math.max(BLOCK_BITS, HIST_BITS)];
    private final double[] work = new double[1 << BLOCK_BITS];
    private final double[] c0 = new double[BLOCK_BITS];
    private final double[] c1 = new double[BLOCK_BITS];
    private final double[] lowFactors = new double[1 << (BLOCK_BITS / 2)];
    private final double[] highFactors = new double[1 << (BLOCK_BITS - BLOCK_BITS / 2)];
    private final double[] cumulative = new double[1 << BLOCK_BITS]; // Σ_{b' <= b} M_last[b']·F_last[b']
    // the tokens of the last-block patterns the leaf draws of one sample() call met, with cumulative weights
    private final int[] listed = new int[1 << BLOCK_BITS];           // stamp of the call that listed pattern b
    private final int[] listStart = new int[1 << BLOCK_BITS];        // its tokens: pool[listStart[b] .. + listSize[b])
    private final int[] listSize = new int[1 << BLOCK_BITS];
    private int[] poolIds = new int[256];
    private double[] poolCumulative = new double[256];
    private int poolSize;
    private int stamp;
    private final int[] ids = new int[SMALL];
    private final long[] us = new long[SMALL];
    private final double[] ps = new double[SMALL];
    // what the last blocks() call left
    private int blockBits = BLOCK_BITS; // B
    private int lastBlock;
    private int lastBits;
    // the leaf draws of the last sample() call
    private long drawSeed;
    private int lastPositive;

    /**
     * Replaces {@code weights} by the tournament's output distribution for context seed {@code seed}
     * (unnormalised, on the same support) and returns the new total.
     *
     * @param weights [vocab] unnormalised input distribution p_0, 0 = excluded
     * @param layers  m in [1, 64]; layer l uses bit l of u(seed, v)
     */
    double apply(long seed, double[] weights, int layers) {
        if (small(weights)) {
            return direct(seed, weights, layers);
        }
        int last = blocks(seed, weights, layers, (layers + BLOCK_BITS - 1) / BLOCK_BITS, true);
        double[] f = factors[last];
        short[] pattern = patterns[last];
        int mask = (1 << lastBits) - 1;
        double total = 0;
        for (int v = 0; v < weights.length; v++) {
            double w = weights[v] * f[pattern[v] & mask];
            weights[v] = w;
            total += w;
        }
        return total;
    }

    /**
     * Draws a token from the tournament's output distribution for context seed {@code seed}: the token
     * {@link #apply} gives probability {@code weights[v] / total}. May overwrite {@code weights}.
     *
     * <p>On the full vocabulary the first E layers are summed by blocks and the last L = m − E (at most
     * {@link #LAZY_BITS}) are played by drawing, as the tournament itself does, but lazily: a winner of layer l
     * is drawn as x ~ p_l; if g_l(x) = 1 it is x, otherwise y ~ p_l is drawn and the winner is y if
     * g_l(y) = 1, else x. Then P(v) = p_l(v) + (1 − m_l) p_l(v) = p_l(v)(2 − m_l) for g_l(v) = 1 and
     * p_l(v)(1 − m_l) for g_l(v) = 0, the closed form above, without summing m_l: at most 2^L draws from p_E
     * (about 1.5^L when m_l ≈ ½), each a pattern of the last block, then a token of it.
     *
     * @param weights [vocab] unnormalised input distribution p_0, 0 = excluded; not all 0
     */
    int sample(long seed, double[] weights, int layers, RandomGenerator rng) {
        if (small(weights)) {
            return Sampler.draw(weights, direct(seed, weights, layers), rng);
        }
        int count = Math.max(1, (layers - LAZY_BITS + BLOCK_BITS - 1) / BLOCK_BITS);
        int exact = Math.min(layers, count * BLOCK_BITS);
        int lazy = layers - exact;
        int last = blocks(seed, weights, exact, count, false);
        prefix(mass, factors[last], 1 << lastBits);
        drawSeed = seed;
        if (++stamp == 0) { // after 2^32 draws: no pattern may look listed by this one
            Arrays.fill(listed, 0);
            stamp = 1;
        }
        poolSize = 0;
        return play(lazy, exact, weights, rng);
    }

    /**
     * {@code cumulative[b] = Σ_{b' <= b} mass[b']·f[b']} for b in [0, size), and {@code lastPositive}: four
     * running sums over quarters, then the quarters' offsets added, so that no add waits on 4,096 others.
     */
    private void prefix(double[] mass, double[] f, int size) {
        int quarter = Math.max(1, size / 4);
        for (int start = 0; start < size; start += quarter) {
            double c = 0;
            for (int b = start; b < start + quarter; b++) {
                c += mass[b] * f[b];
                cumulative[b] = c;
            }
        }
        for (int start = quarter; start < size; start += quarter) {
            double offset = cumulative[start - 1];
            for (int b = start; b < start + quarter; b++) {
                cumulative[b] += offset;
            }
        }
        lastPositive = 0;
        for (int b = size - 1; b > 0; b--) {
            if (cumulative[b] > cumulative[b - 1]) {
                lastPositive = b;
                break;
            }
        }
    }

    /** A draw from p_{exact + level}: level 0 from p_E (the blocks), each level above by one lazy match. */
    private int play(int level, int exact, double[] weights, RandomGenerator rng) {
        if (level == 0) {
            return leaf(weights, rng);
        }
        int layer = exact + level - 1;
        int x = play(level - 1, exact, weights, rng);
        if (((Tt1Prf.value(drawSeed, x) >>> layer) & 1) != 0) {
            return x;
        }
        int y = play(level - 1, exact, weights, rng);
        return ((Tt1Prf.value(drawSeed, y) >>> layer) & 1) != 0 ? y : x;
    }

    /**
     * One draw from p_E: a last-block pattern b with probability M_last[b]·F_last[b] / Σ (binary search), then a
     * token of that pattern in proportion to its weight p_0 · Π_{j<last} F_j, the pattern's factor being common.
     * The first draw in a pattern lists its tokens (about V / 4096, found on SIMD lanes) with their cumulative
     * weights; later draws in it search that list.
     */
    private int leaf(double[] weights, RandomGenerator rng) {
        int size = 1 << lastBits;
        int pattern = search(cumulative, 0, size, rng.nextDouble() * cumulative[size - 1]);
        if (!(cumulative[pattern] > (pattern == 0 ? 0 : cumulative[pattern - 1]))) {
            pattern = lastPositive; // a zero-mass pattern only when r rounded up to the total
        }
        if (listed[pattern] != stamp) {
            list(pattern, weights);
        }
        int from = listStart[pattern];
        int to = from + listSize[pattern];
        int i = search(poolCumulative, from, to, rng.nextDouble() * poolCumulative[to - 1]);
        while (poolCumulative[i] == (i == from ? 0 : poolCumulative[i - 1])) {
            i--; // a zero weight only when the draw rounded up to the total: the last positive one before it
        }
        return poolIds[i];
    }

    /** The first index i in [from, to) with {@code cumulative[i] > r}, or {@code to − 1} when none is. */
    private static int search(double[] cumulative, int from, int to, double r) {
        int lo = from;
        int hi = to - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > r) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Lists the tokens of last-block pattern {@code b} in id order with their cumulative weights. */
    private void list(int b, double[] weights) {
        short[] last = patterns[lastBlock];
        int mask = (1 << lastBits) - 1;
        double[] prev = lastBlock > 0 ? factors[lastBlock - 1] : null; // the last pass left weights without it
        short[] prevPattern = lastBlock > 0 ? patterns[lastBlock - 1] : null;
        int prevMask = (1 << blockBits) - 1;
        int start = poolSize;
        double c = 0;
        int n = weights.length;
        for (int v = Shorts.indexOf(last, 0, n, mask, b); v < n; v = Shorts.indexOf(last, v + 1, n, mask, b)) {
            double w = prev == null ? weights[v] : weights[v] * prev[prevPattern[v] & prevMask];
            if (w > 0) {
                if (poolSize == poolIds.length) {
                    poolIds = Arrays.copyOf(poolIds, 2 * poolSize);
                    poolCumulative = Arrays.copyOf(poolCumulative, 2 * poolSize);
                }
                c += w;
                poolIds[poolSize] = v;
                poolCumulative[poolSize++] = c;
            }
        }
        listed[b] = stamp;
        listStart[b] = start;
        listSize[b] = poolSize - start;
    }

    /** True when at most SMALL weights are positive (then the direct, layer-by-layer path runs). */
    private static boolean small(double[] weights) {
        int n = 0;
        for (int v = 0; v < weights.length && n <= SMALL; v++) {
            if (weights[v] > 0) {
                n++;
            }
        }
        return n <= SMALL;
    }

    /**
     * {@link #sample(long, double[], int, RandomGenerator)} when the support is listed: {@code support[0..size)}
     * ascending holds every id with a positive weight. The same token for the same {@code rng} state.
     */
    int sample(long seed, double[] weights, int[] support, int size, int layers, RandomGenerator rng) {
        if (size > SMALL) {
            return sample(seed, weights, layers, rng);
        }
        return Sampler.draw(weights, support, size, direct(seed, weights, support, size, layers), rng);
    }

    /** Layer by layer on the positive weights of the whole vocabulary. */
    private double direct(long seed, double[] weights, int layers) {
        return direct(seed, weights, null, weights.length, layers);
    }

    /**
     * Layer by layer on the positive weights among {@code support[0..size)}, or among ids [0, size) when
     * {@code support} is null: gathers (id, p, u), runs the layers and writes the weights back.
     */
    private double direct(long seed, double[] weights, int[] support, int size, int layers) {
        int n = 0;
        for (int i = 0; i < size; i++) {
            int v = support == null ? i : support[i];
            if (weights[v] > 0) {
                ids[n] = v;
                ps[n] = weights[v];
                us[n] = Tt1Prf.value(seed, v);
                n++;
            }
        }
        layers(ps, us, n, layers);
        double total = 0;
        for (int i = 0; i < n; i++) {
            weights[ids[i]] = ps[i];
            total += ps[i];
        }
        return total;
    }

    /**
     * The plain recurrence p ← p · (1 + g_l − m_l) for l = 0..layers−1 on {@code p[0..n)} with g-values
     * {@code bit l of u[i]} (the reference the blocked form is tested against).
     */
    static void layers(double[] p, long[] u, int n, int layers) {
        double tot = 0;
        for (int i = 0; i < n; i++) {
            tot += p[i];
        }
        // Σ p is the same after every layer (Σ p·(1 + g − m) = tot + on − m·tot), so only m_l's numerator is
        // summed per layer: g·p, not a branch (a g-value is a coin flip a branch would mispredict half the
        // time), in two partial sums so that the adds do not wait on each other
        for (int l = 0; l < layers; l++) {
            double on0 = 0;
            double on1 = 0;
            int i = 0;
            for (; i + 1 < n; i += 2) {
                on0 += ((u[i] >>> l) & 1) * p[i];
                on1 += ((u[i + 1] >>> l) & 1) * p[i + 1];
            }
            if (i < n) {
                on0 += ((u[i] >>> l) & 1) * p[i];
            }
            double m = (on0 + on1) / tot;
            long c0 = Double.doubleToRawLongBits(1 - m);
            long flip = c0 ^ Double.doubleToRawLongBits(2 - m);
            for (i = 0; i < n; i++) {
                // c_l(g) selected on the bits (−g is all ones for g = 1): a conditional here compiled to a branch
                // that mispredicted half the time (a 100-token draw took 14 µs instead of 3)
                p[i] *= Double.longBitsToDouble(c0 ^ (flip & -((u[i] >>> l) & 1)));
            }
        }
    }

    /**
     * The passes over the vocabulary: runs {@code count} blocks of equal width B (the last one possibly
     * narrower) over the first {@code layers} layers. Block k's pattern of id v is bits [kB, kB + B) of
     * u(seed, v); {@code patterns[k]} holds at least 12 bits from kB (see below), computed for every block at
     * once on SIMD lanes. Leaves {@code mass} = M_last (before its layers) and {@code factors[last]} = F_last.
     * With {@code storeLast}, {@code weights} = p_0 · Π_{j<last} F_j afterwards; without it, the last pass does
     * not write and leaves {@code weights} = p_0 · Π_{j<last−1} F_j. No test for w > 0 in the passes: an
     * excluded id adds 0, and the branch cost 30 % of a pass.
     *
     * @return the index of the last block
     */
    private int blocks(long seed, double[] weights, int layers, int count, boolean storeLast) {
        int n = weights.length;
        int width = (layers + count - 1) / count;
        for (int k = 0; k < count; k++) {
            int bits = Math.min(width, layers - k * width);
            shifts[k] = k * width;
            // A narrow block (the last one, or m < B) still sums over at least HIST_BITS bits of u and then
            // folds the extra bits away: with a handful of buckets every add would wait for the previous add
            // to the same bucket (m = 1 took 1.5x as long as m = 30 before).
            histMasks[k] = (1 << Math.min(Math.max(bits, HIST_BITS), 64 - shifts[k])) - 1;
            if (patterns[k].length < n) {
                patterns[k] = new short[n]; // once per thread and vocabulary
            }
            if (factors[k] == null || factors[k].length < 1 << width) {
                factors[k] = new double[1 << width];
            }
        }
        blockBits = width;
        lastBlock = count - 1;
        lastBits = layers - lastBlock * width;
        Tt1Prf.patterns(seed, 0, n, shifts, histMasks, patterns, count);
        int prevMask = (1 << width) - 1;
        for (int k = 0; k < count; k++) {
            int bits = Math.min(width, layers - k * width);
            int mask = (1 << bits) - 1;
            short[] pattern = patterns[k];
            Arrays.fill(mass, 0, histMasks[k] + 1, 0.0);
            if (k == 0) {
                sum(weights, pattern, mass, n);
            } else if (k == lastBlock && !storeLast) {
                sumScaled(weights, factors[k - 1], patterns[k - 1], prevMask, pattern, mass, n);
            } else {
                scaleAndSum(weights, factors[k - 1], patterns[k - 1], prevMask, pattern, mass, n);
            }
            for (int b = mask + 1; b <= histMasks[k]; b++) {
                mass[b & mask] += mass[b];
            }
            blockLayers(bits, factors[k]);
        }
        return lastBlock;
    }

    // The passes, one small method each so that the JIT compiles every loop on its own.

    /** M[b] = Σ_{pattern(v) = b} w_v. */
    private static void sum(double[] weights, short[] pattern, double[] mass, int n) {
        for (int v = 0; v < n; v++) {
            mass[pattern[v]] += weights[v];
        }
    }

    /** M[b] = Σ_{pattern(v) = b} w_v · F[prev(v)], weights unchanged. */
    private static void sumScaled(double[] weights, double[] prev, short[] prevPattern, int prevMask, short[] pattern,
                                  double[] mass, int n) {
        for (int v = 0; v < n; v++) {
            mass[pattern[v]] += weights[v] * prev[prevPattern[v] & prevMask];
        }
    }

    /** w_v ← w_v · F[prev(v)] in place and M[b] = Σ_{pattern(v) = b} w_v. */
    private static void scaleAndSum(double[] weights, double[] prev, short[] prevPattern, int prevMask, short[] pattern,
                                    double[] mass, int n) {
        for (int v = 0; v < n; v++) {
            double w = weights[v] * prev[prevPattern[v] & prevMask];
            weights[v] = w;
            mass[pattern[v]] += w;
        }
    }

    /**
     * Plays {@code bits} layers on the pattern masses {@code mass[0..2^bits)} (bit l of a pattern = g_l) by
     * contraction (class comment) and writes each pattern's factor {@code f[b] = Π_l c_l(bit l of b)},
     * multiplied in layer order. {@code mass} is left as it was.
     */
    private void blockLayers(int bits, double[] f) {
        int len = 1 << bits;
        // Σ A is the same after every contraction (each layer keeps the total), so only m_l's numerator, the
        // odd entries' sum, is needed per layer: the contraction that writes a layer's entries sums the next
        // layer's, two partial sums each so that the adds do not wait on each other
        double tot = 0;
        double on = 0;
        double tot1 = 0;
        double on1 = 0;
        int i = 0;
        for (; i + 3 < len; i += 4) {
            tot += mass[i];
            on += mass[i + 1];
            tot1 += mass[i + 2];
            on1 += mass[i + 3];
        }
        for (; i < len; i += 2) {
            tot += mass[i];
            on += mass[i + 1];
        }
        on += on1;
        tot += tot1 + on;
        double[] src = mass;
        for (int l = 0; l < bits; l++) {
            double m = on / tot;
            double a = 1 - m;
            double b = 2 - m;
            c0[l] = a;
            c1[l] = b;
            len >>= 1;
            if (len == 1) {
                break; // the last layer's factors are all that is left
            }
            double s0 = 0;
            double s1 = 0;
            int h = 0;
            for (; h + 3 < len; h += 4) {
                work[h] = src[2 * h] * a + src[2 * h + 1] * b;
                double x = src[2 * h + 2] * a + src[2 * h + 3] * b;
                work[h + 1] = x;
                work[h + 2] = src[2 * h + 4] * a + src[2 * h + 5] * b;
                double y = src[2 * h + 6] * a + src[2 * h + 7] * b;
                work[h + 3] = y;
                s0 += x;
                s1 += y;
            }
            for (; h < len; h += 2) {
                work[h] = src[2 * h] * a + src[2 * h + 1] * b;
                double x = src[2 * h + 2] * a + src[2 * h + 3] * b;
                work[h + 1] = x;
                s0 += x;
            }
            on = s0 + s1;
            src = work;
        }
        // f = (factors of the high bits) × (factors of the low bits): two small tables, then one product per
        // entry in a loop the JIT vectorises
        int low = bits / 2;
        factorTable(0, low, lowFactors);
        factorTable(low, bits, highFactors);
        int lowSize = 1 << low;
        for (int h = 0; h < 1 << (bits - low); h++) {
            double x = highFactors[h];
            int base = h << low;
            for (int j = 0; j < lowSize; j++) {
                f[base + j] = x * lowFactors[j];
            }
        }
    }

    /** t[b] = Π_{l in [from, to)} c_l(bit l − from of b), for b in [0, 2^(to − from)). */
    private void factorTable(int from, int to, double[] t) {
        t[0] = 1.0;
        for (int l = from; l < to; l++) {
            int span = 1 << (l - from);
            double a = c0[l];
            double b = c1[l];
            for (int j = 0; j < span; j++) {
                t[span + j] = t[j] * b;
                t[j] *= a;
            }
        }
    }
}
