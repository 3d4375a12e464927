package dev.telltale.core.internal.bpe;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Classes of code points as the Split regex sees them ({@link OnigUnicodeData}), in a two-stage table:
 * [code point >> 7] -> block, [block << 7 | low 7 bits] -> class. Java's {@link Character} is not used:
 * Java 17 knows Unicode 13.0, the reference's Oniguruma Unicode 16.0 (about 9,900 letters and digits apart).
 */
final class OnigClasses {
    /** Neither letter, digit nor whitespace: {@code [^\s\p{L}\p{N}]}. */
    static final byte OTHER = 0;
    /** {@code \p{L}}. */
    static final byte LETTER = 1;
    /** {@code \p{N}}. */
    static final byte NUMBER = 2;
    /** {@code \s} except CR and LF. */
    static final byte SPACE = 3;
    /** CR or LF (also {@code \s}). */
    static final byte NEWLINE = 4;

    private static final int SHIFT = 7;
    private static final int BLOCK = 1 << SHIFT;
    /** [0x110000 >> 7] block index of each 128-code-point block. */
    private static final char[] INDEX = new char[(Character.MAX_CODE_POINT + 1) >> SHIFT];
    /** [blocks * 128] class of each code point of each distinct block. */
    private static final byte[] BLOCKS;

    static {
        byte[] all = new byte[Character.MAX_CODE_POINT + 1];
        fill(all, OnigUnicodeData.LETTER, LETTER);
        fill(all, OnigUnicodeData.NUMBER, NUMBER);
        fill(all, OnigUnicodeData.SPACE, SPACE);
        all['\r'] = NEWLINE;
        all['\n'] = NEWLINE;
        Map<String, Integer> seen = new HashMap<>();
        byte[] blocks = new byte[BLOCK * 64];
        int n = 0;
        for (int b = 0; b < INDEX.length; b++) {
            byte[] block = Arrays.copyOfRange(all, b << SHIFT, (b + 1) << SHIFT);
            String key = new String(block, java.nio.charset.StandardCharsets.ISO_8859_1);
            Integer at = seen.get(key);
            if (at == null) {
                if ((n + 1) * BLOCK > blocks.length) {
                    blocks = Arrays.copyOf(blocks, blocks.length * 2);
                }
                System.arraycopy(block, 0, blocks, n * BLOCK, BLOCK);
                at = n++;
                seen.put(key, at);
            }
            INDEX[b] = (char) (int) at;
        }
        BLOCKS = Arrays.copyOf(blocks, n * BLOCK);
    }

    private OnigClasses() {}

    private static void fill(byte[] all, int[] ranges, byte cls) {
        for (int i = 0; i < ranges.length; i += 2) {
            Arrays.fill(all, ranges[i], ranges[i + 1] + 1, cls);
        }
    }

    /** The class of code point {@code cp} (0..0x10FFFF). */
    static byte of(int cp) {
        return BLOCKS[(INDEX[cp >>> SHIFT] << SHIFT) | (cp & (BLOCK - 1))];
    }
}
