package dev.telltale.core.internal.bpe;

/**
 * The byte-level alphabet of GPT-2 style BPE: each of the 256 byte values is written as one printable
 * character, so that vocabulary entries are strings. Printable Latin-1 bytes ('!'..'~', '¡'..'¬',
 * '®'..'ÿ') stand for themselves; the other 68 bytes, in increasing order, become U+0100, U+0101, ...
 * (space 0x20 becomes 'Ġ' U+0120, newline 0x0A becomes 'Ċ' U+010A).
 *
 * <p>[1] Radford et al. 2019, GPT-2 {@code encoder.py}, {@code bytes_to_unicode}; the same table is used by
 * the ByteLevel pre-tokenizer and decoder of HuggingFace tokenizers.
 */
final class ByteLevel {
    /** [256] byte value -> alphabet character. */
    private static final char[] BYTE_TO_CHAR = new char[256];
    /** [512] alphabet character -> byte value, or -1 for characters outside the alphabet. */
    private static final int[] CHAR_TO_BYTE = new int[512];

    static {
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = printable ? (char) b : (char) next++;
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = b;
        }
    }

    private ByteLevel() {}

    /** The alphabet character of byte {@code b} (0..255). */
    static char charOf(int b) {
        return BYTE_TO_CHAR[b];
    }

    /** The byte written as {@code c}, or -1 when {@code c} is not in the alphabet. */
    static int byteOf(char c) {
        return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
    }

    /** The bytes a vocabulary string stands for, or null when it has a character outside the alphabet. */
    static byte[] bytesOf(String token) {
        byte[] out = new byte[token.length()];
        for (int i = 0; i < out.length; i++) {
            int b = byteOf(token.charAt(i));
            if (b < 0) {
                return null;
            }
            out[i] = (byte) b;
        }
        return out;
    }

    /** The alphabet string of {@code bytes}. */
    static String stringOf(byte[] bytes) {
        char[] cs = new char[bytes.length];
        for (int i = 0; i < cs.length; i++) {
            cs[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
        }
        return new String(cs);
    }
}
