package dev.telltale.server.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * ECMAScript's Number::toString for finite doubles (ECMA-262 §6.1.6.1.20), the number form of RFC 8785 §3.2.2.3.
 *
 * <p>Step 1 finds the shortest decimal significand s (k digits, exponent n, value s·10^(n−k)) that reads back
 * as the same double; among k-digit candidates, the one closest to the exact value, ties to even s. Java
 * 17's {@code Double.toString} is not always shortest (JDK-4511638), so the digits are searched here: for a
 * length k both k-digit neighbours of the exact binary value (rounded down and up) are tried, which finds
 * any k-digit decimal inside the rounding interval even where the interval is asymmetric (powers of two).
 * Step 2 lays the digits out: plain notation for 1e-7 &lt; |x| &lt; 1e21, else {@code d.ddde±x}.
 */
public final class EcmaNumbers {
    private EcmaNumbers() {}

    /** The ECMAScript string of {@code x}; −0 gives "0". */
    public static String toString(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            throw new IllegalArgumentException("JSON (RFC 8785) has no representation for " + x);
        }
        if (x == 0) {
            return "0";
        }
        if (x == Math.rint(x) && Math.abs(x) < 9007199254740992.0) {
            // An integer below 2^53 is its own shortest form: every other integer with fewer digits is another
            // exactly representable double. Counts (tokens, scores) take this path.
            return Long.toString((long) x);
        }
        StringBuilder sb = new StringBuilder(26);
        if (x < 0) {
            sb.append('-');
            x = -x;
        }
        BigDecimal shortest = shortest(x);
        String digits = shortest.unscaledValue().toString();
        int k = digits.length();
        int n = k - shortest.scale(); // value = digits × 10^(n − k)
        layout(sb, digits, k, n);
        return sb.toString();
    }

    private static BigDecimal shortest(double x) {
        BigDecimal exact = new BigDecimal(x);
        // Valid lengths are upward-closed (a k-digit decimal is also a (k+1)-digit one), so walk down from the
        // digit count of Double.toString (which reads back, though JDK 17 sometimes gives a digit too many)
        // while a shorter length still reads back: usually one or two steps instead of up to 17.
        int k = Math.min(17, significantDigits(Double.toString(x)));
        BigDecimal best = candidate(exact, x, k);
        if (best == null) { // cannot happen (Double.toString reads back); fall back to the full search
            for (k = 1; k <= 17 && (best = candidate(exact, x, k)) == null; k++) {
                // searching upward
            }
            return best.stripTrailingZeros();
        }
        while (k > 1) {
            BigDecimal shorter = candidate(exact, x, k - 1);
            if (shorter == null) {
                break;
            }
            best = shorter;
            k--;
        }
        return best.stripTrailingZeros();
    }

    /** The k-digit decimal closest to {@code exact} that reads back as x (ties: even significand), or null. */
    private static BigDecimal candidate(BigDecimal exact, double x, int k) {
        BigDecimal down = exact.round(new MathContext(k, RoundingMode.DOWN));
        BigDecimal up = exact.round(new MathContext(k, RoundingMode.UP));
        boolean downOk = Double.parseDouble(down.toString()) == x; // parseDouble rounds correctly
        boolean upOk = Double.parseDouble(up.toString()) == x;
        if (downOk && upOk && down.compareTo(up) != 0) {
            int c = exact.subtract(down).compareTo(up.subtract(exact));
            if (c != 0) {
                return c < 0 ? down : up;
            }
            return down.unscaledValue().testBit(0) ? up : down;
        }
        return downOk ? down : upOk ? up : null;
    }

    /** Significant digits in a Double.toString result such as "6.2159E-29", "0.0020" or "124.0". */
    static int significantDigits(String s) {
        int e = s.indexOf('E');
        String m = (e < 0 ? s : s.substring(0, e)).replace("-", "").replace(".", "");
        int a = 0;
        while (a < m.length() - 1 && m.charAt(a) == '0') {
            a++;
        }
        int b = m.length();
        while (b > a + 1 && m.charAt(b - 1) == '0') {
            b--;
        }
        return b - a;
    }

    private static void layout(StringBuilder sb, String digits, int k, int n) {
        if (k <= n && n <= 21) {
            sb.append(digits);
            sb.append("0".repeat(n - k));
        } else if (0 < n && n <= 21) {
            sb.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            sb.append("0.").append("0".repeat(-n)).append(digits);
        } else {
            sb.append(digits.charAt(0));
            if (k > 1) {
                sb.append('.').append(digits, 1, k);
            }
            int e = n - 1;
            sb.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
        }
    }
}
