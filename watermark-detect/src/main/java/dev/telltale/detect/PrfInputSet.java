package dev.telltale.detect;

/**
 * An exact set of PRF inputs (64-bit seed, token id): open addressing with linear probing, no hashing
 * approximation. Used where positions must be deduplicated on what the PRF actually saw rather than on
 * the text window (kgw-selfhash, whose seed can be the candidate's own hash whatever the context).
 */
final class PrfInputSet {
    private long[] seeds;
    private int[] tokens; // token + 1; 0 = empty slot
    private int size;

    PrfInputSet(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        seeds = new long[cap];
        tokens = new int[cap];
    }

    /** Adds (seed, token) and returns true if it was new. */
    boolean add(long seed, int token) {
        if (size * 2 >= tokens.length) {
            grow();
        }
        return insert(seed, token + 1);
    }

    int size() {
        return size;
    }

    private boolean insert(long seed, int tokenPlusOne) {
        int mask = tokens.length - 1;
        int i = (int) mixHash(seed ^ (tokenPlusOne * 0x9E3779B97F4A7C15L)) & mask;
        while (tokens[i] != 0) {
            if (tokens[i] == tokenPlusOne && seeds[i] == seed) {
                return false;
            }
            i = (i + 1) & mask;
        }
        tokens[i] = tokenPlusOne;
        seeds[i] = seed;
        size++;
        return true;
    }

    private void grow() {
        long[] oldSeeds = seeds;
        int[] oldTokens = tokens;
        seeds = new long[oldSeeds.length * 2];
        tokens = new int[oldTokens.length * 2];
        size = 0;
        for (int i = 0; i < oldTokens.length; i++) {
            if (oldTokens[i] != 0) {
                insert(oldSeeds[i], oldTokens[i]);
            }
        }
    }

    private static long mixHash(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    @Override
    public String toString() {
        return "PrfInputSet[size=" + size + ", capacity=" + tokens.length + "]";
    }
}
