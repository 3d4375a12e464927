package dev.telltale.server.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * ECMAScript's Number::toString for finite doubles (ECMA-262 §6.1.6.1.20), the number form of RFC 8785 §3.2.2.3.
 *
 * <p>Step 1 finds the shortest decimal significand s (k digits, exponent n, value s·10^(n−k)) that reads back
 * as the same double; among k-digit candidates, the one closest to the exact value, ties to even s. Java
 * 17's {@code Double.toString} is not always shortest (JDK-4511638), so the digits are searched here: for
 * k = 1..17 both k-digit neighbours of the exact binary value (rounded down and up) are tried, which finds
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
        for (int k = 1; k <= 17; k++) {
            MathContext mc = new MathContext(k, RoundingMode.DOWN);
            BigDecimal down = exact.round(mc);
            BigDecimal up = exact.round(new MathContext(k, RoundingMode.UP));
            boolean downOk = Double.parseDouble(down.toString()) == x; // parseDouble rounds correctly
            boolean upOk = Double.parseDouble(up.toString()) == x;
            if (downOk || upOk) {
                BigDecimal pick;
                if (downOk && upOk && down.compareTo(up) != 0) {
                    int c = exact.subtract(down).compareTo(up.subtract(exact));
                    if (c != 0) {
                        pick = c < 0 ? down : up;
                    } else {
                        pick = down.unscaledValue().testBit(0) ? up : down; // tie: even significand
                    }
                } else {
                    pick = downOk ? down : up;
                }
                return pick.stripTrailingZeros();
            }
        }
        throw new IllegalStateException("no 17-digit decimal reads back as " + x); // cannot happen for doubles
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
