package dev.telltale.corpus.scan.internal;

import dev.telltale.corpus.scan.SkipReason;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 checks for raw record bytes: binary (NUL) and malformed sequences are told apart. */
final class Utf8 {
    private Utf8() {}

    /**
     * Checks {@code b[from..to)}: null when it is NUL-free well-formed UTF-8 (no overlongs, no surrogates,
     * nothing above U+10FFFF), else the reason, with the offset of the first bad byte in {@code badAt[0]}.
     */
    static SkipReason check(byte[] b, int from, int to, long[] badAt) {
        int i = from;
        while (i < to) {
            int c = b[i];
            if (c > 0) { // ASCII fast path
                i++;
                continue;
            }
            if (c == 0) {
                badAt[0] = i - from;
                return SkipReason.BINARY;
            }
            int n = sequenceLength(b, i, to);
            if (n < 0) {
                badAt[0] = i - from;
                return SkipReason.INVALID_UTF8;
            }
            i += n;
        }
        return null;
    }

    /** Length of the well-formed multi-byte sequence at {@code i}, or -1. */
    private static int sequenceLength(byte[] b, int i, int to) {
        int c = b[i] & 0xFF;
        int n;
        int min;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 2;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 3;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4;
            min = 0x10000;
        } else {
            return -1;
        }
        if (i + n > to) {
            return -1;
        }
        int cp = c & (0x7F >> n);
        for (int k = 1; k < n; k++) {
            int cc = b[i + k] & 0xFF;
            if ((cc & 0xC0) != 0x80) {
                return -1;
            }
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return -1;
        }
        return n;
    }

    /**
     * The skip unit for bytes that are not text ({@link #check}), or null when they are fine.
     *
     * @param of where the offset counts from, for the message ("the line", "the payload"; may be empty)
     */
    static Rec skipIfNotText(byte[] b, int from, int to, Rec.Pos pos, Locator where, String id, String of) {
        long[] badAt = new long[1];
        SkipReason bad = check(b, from, to, badAt);
        if (bad == null) {
            return null;
        }
        return Rec.skip(pos, where, id, bad, (bad == SkipReason.BINARY ? "NUL byte" : "bad UTF-8 sequence") + " at byte "
                + badAt[0] + (of.isEmpty() ? "" : " of " + of));
    }

    /** Decodes bytes already {@link #check checked}. */
    static String decode(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.UTF_8);
    }

    /** Decodes checked bytes, dropping a leading byte-order mark. */
    static String decodeText(byte[] b, int from, int to) {
        if (to - from >= 3 && (b[from] & 0xFF) == 0xEF && (b[from + 1] & 0xFF) == 0xBB && (b[from + 2] & 0xFF) == 0xBF) {
            from += 3;
        }
        return decode(b, from, to);
    }
}
