package dev.telltale.core.internal;

/**
 * SipHash-2-4 over a message made of whole little-endian 64-bit words, allocation-free.
 *
 * <p>The tt1 PRF hashes token-id windows encoded as LE64 words, so the message length is always a
 * multiple of 8 and the final block carries only the length byte. Output is the 64-bit integer of the
 * SipHash specification (the reference vector's {@code 0xa129ca6149be45e5}).
 *
 * <pre>
 * [1] J.-P. Aumasson, D. J. Bernstein. SipHash: a fast short-input PRF. INDOCRYPT 2012, §2.
 * </pre>
 */
public final class SipHash24 {
    private SipHash24() {}

    /** SipHash-2-4 of LE64(words[from]) || ... || LE64(words[to-1]) under key (k0, k1). */
    public static long hashWords(long k0, long k1, int[] words, int from, int to) {
        long v0 = k0 ^ 0x736f6d6570736575L;
        long v1 = k1 ^ 0x646f72616e646f6dL;
        long v2 = k0 ^ 0x6c7967656e657261L;
        long v3 = k1 ^ 0x7465646279746573L;
        for (int i = from; i < to; i++) {
            long m = words[i] & 0xFFFFFFFFL; // token ids are non-negative; LE64 of the id
            v3 ^= m;
            // two compression rounds
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            v0 ^= m;
        }
        // final block: no tail bytes, only the message length (mod 256) in the top byte
        long b = ((long) ((to - from) * 8) & 0xFF) << 56;
        v3 ^= b;
        v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
        v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
        v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
        v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
        v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
        v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
        v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        v0 ^= b;
        v2 ^= 0xff;
        for (int r = 0; r < 4; r++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }

    /**
     * Batch form: {@code out[i] = hashWords(k0, k1, words, ends[i] - h, ends[i])} for i in [0, n), i.e. the
     * seeds of the h-id windows ending before positions {@code ends[i]}. The scalar reference of
     * {@link VectorSipHash#hashWindows}.
     */
    public static void hashWindows(long k0, long k1, int[] words, int[] ends, int n, int h, long[] out) {
        for (int i = 0; i < n; i++) {
            out[i] = hashWords(k0, k1, words, ends[i] - h, ends[i]);
        }
    }
}
