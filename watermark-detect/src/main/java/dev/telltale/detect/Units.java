package dev.telltale.detect;

/**
 * Encodings of pooled-test units ({@link SequenceScorer#pooledUnits}) as two longs, the first non-negative:
 * exact (decoding gives back what was encoded), so equal keys mean equal units.
 *
 * <pre>
 * (seed, token)   64-bit PRF seed and token id ≥ 0:  lo = seed >>> 1,  hi = (seed &amp; 1) &lt;&lt; 32 | token
 * (word)          one 64-bit value:                 lo = word >>> 1,  hi = word &amp; 1
 * </pre>
 */
final class Units {
    private Units() {}

    static void putSeedToken(long[] units, int i, long seed, int token) {
        units[2 * i] = seed >>> 1;
        units[2 * i + 1] = (seed & 1) << 32 | token;
    }

    static long seed(long lo, long hi) {
        return lo << 1 | hi >>> 32;
    }

    static int token(long hi) {
        return (int) hi;
    }

    static void putWord(long[] units, int i, long word) {
        units[2 * i] = word >>> 1;
        units[2 * i + 1] = word & 1;
    }

    static long word(long lo, long hi) {
        return lo << 1 | hi;
    }
}
