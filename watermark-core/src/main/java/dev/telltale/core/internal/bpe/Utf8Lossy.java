package dev.telltale.core.internal.bpe;

/**
 * UTF-8 to text with Rust's {@code String::from_utf8_lossy} rule, which the reference's ByteLevel decoder
 * applies to the concatenated bytes of the tokens: each maximal ill-formed subpart becomes one U+FFFD
 * (Unicode 15.0 §3.9, "U+FFFD Substitution of Maximal Subparts"; the WHATWG decoder behaves the same).
 */
final class Utf8Lossy {
    private Utf8Lossy() {}

    static String decode(byte[] b, int n) {
        char[] out = new char[n];
        int o = 0;
        int i = 0;
        while (i < n) {
            int b0 = b[i] & 0xFF;
            if (b0 < 0x80) {
                out[o++] = (char) b0;
                i++;
                continue;
            }
            int need;
            int lower = 0x80;
            int upper = 0xBF;
            int cp;
            if (b0 >= 0xC2 && b0 <= 0xDF) {
                need = 1;
                cp = b0 & 0x1F;
            } else if (b0 >= 0xE0 && b0 <= 0xEF) {
                need = 2;
                cp = b0 & 0x0F;
                if (b0 == 0xE0) {
                    lower = 0xA0;
                } else if (b0 == 0xED) {
                    upper = 0x9F;
                }
            } else if (b0 >= 0xF0 && b0 <= 0xF4) {
                need = 3;
                cp = b0 & 0x07;
                if (b0 == 0xF0) {
                    lower = 0x90;
                } else if (b0 == 0xF4) {
                    upper = 0x8F;
                }
            } else {
                out[o++] = '\uFFFD';
                i++;
                continue;
            }
            int j = i + 1;
            boolean ok = true;
            for (int k = 0; k < need; k++) {
                int bj = j < n ? b[j] & 0xFF : -1;
                if (bj < lower || bj > upper) {
                    ok = false;
                    break;
                }
                cp = (cp << 6) | (bj & 0x3F);
                lower = 0x80;
                upper = 0xBF;
                j++;
            }
            if (!ok) {
                out[o++] = '\uFFFD';
                i = j; // the offending byte starts the next attempt
                continue;
            }
            if (cp >= 0x10000) {
                out[o++] = Character.highSurrogate(cp);
                out[o++] = Character.lowSurrogate(cp);
            } else {
                out[o++] = (char) cp;
            }
            i = j;
        }
        return new String(out, 0, o);
    }
}
