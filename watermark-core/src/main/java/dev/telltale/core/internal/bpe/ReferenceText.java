package dev.telltale.core.internal.bpe;

/**
 * The text the reference actually tokenises for a Java string. DJL hands strings to Rust through JNI;
 * valid UTF-16 arrives unchanged, but a string with an unpaired surrogate fails the strict conversion and
 * the JNI bytes (Java's modified UTF-8: NUL as C0 80, every surrogate unit as its own 3-byte sequence) are
 * decoded lossily instead. Then NUL becomes two U+FFFD, and every surrogate unit, paired or not, three.
 * Text decoded from UTF-8 files never has unpaired surrogates, so this only matters for odd callers.
 */
final class ReferenceText {
    private ReferenceText() {}

    static String of(String s) {
        if (!hasUnpairedSurrogate(s)) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                out.append("\uFFFD\uFFFD");
            } else if (Character.isSurrogate(c)) {
                out.append("\uFFFD\uFFFD\uFFFD");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean hasUnpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            }
        }
        return false;
    }
}
