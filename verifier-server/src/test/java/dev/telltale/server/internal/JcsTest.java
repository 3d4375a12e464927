package dev.telltale.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** RFC 8785 (JCS) against the RFC's published examples, plus properties of the number form. */
class JcsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** RFC 8785 Appendix B: IEEE-754 binary64 (hex) and the ECMAScript string JCS must produce. */
    @ParameterizedTest
    @CsvSource({
            "0000000000000000, 0", "8000000000000000, 0", "0000000000000001, 5e-324", "8000000000000001, -5e-324",
            "7fefffffffffffff, 1.7976931348623157e+308", "ffefffffffffffff, -1.7976931348623157e+308",
            "4340000000000000, 9007199254740992", "c340000000000000, -9007199254740992",
            "4430000000000000, 295147905179352830000", "44b52d02c7e14af5, 9.999999999999997e+22",
            "44b52d02c7e14af6, 1e+23", "44b52d02c7e14af7, 1.0000000000000001e+23",
            "444b1ae4d6e2ef4e, 999999999999999700000", "444b1ae4d6e2ef4f, 999999999999999900000",
            "444b1ae4d6e2ef50, 1e+21", "3eb0c6f7a0b5ed8c, 9.999999999999997e-7", "3eb0c6f7a0b5ed8d, 0.000001",
            "41b3de4355555553, 333333333.3333332", "41b3de4355555554, 333333333.33333325",
            "41b3de4355555555, 333333333.3333333", "41b3de4355555556, 333333333.3333334",
            "41b3de4355555557, 333333333.33333343", "becbf647612f3696, -0.0000033333333333333333",
            "43143ff3c1cb0959, 1424953923781206.2"})
    void numbers_matchRfc8785AppendixB(String bitsHex, String expected) {
        double x = Double.longBitsToDouble(Long.parseUnsignedLong(bitsHex, 16));
        assertEquals(expected, EcmaNumbers.toString(x));
    }

    @Test
    void integers_printWithoutFractionOrExponent_upTo1e21() {
        assertEquals("9007199254740991", EcmaNumbers.toString(9007199254740991.0));
        assertEquals("-123", EcmaNumbers.toString(-123.0));
        assertEquals("100000000000000000000", EcmaNumbers.toString(1e20));
        assertEquals("1e+21", EcmaNumbers.toString(1e21));
        assertEquals("18014398509481984", EcmaNumbers.toString(18014398509481984.0)); // 2^54, past the integer fast path
    }

    @Test
    void nanAndInfinity_areRefused() {
        assertThrows(IllegalArgumentException.class, () -> EcmaNumbers.toString(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> EcmaNumbers.toString(Double.POSITIVE_INFINITY));
    }

    /** RFC 8785 §3.2.2 example: whitespace, number forms and string escapes, with the output's UTF-8 bytes. */
    @Test
    void rfcSection322Example_givesThePublishedBytes() throws Exception {
        String input = "{\n  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n"
                + "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
                + "  \"literals\": [null, true, false]\n}";
        String expected = "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                + "\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
        byte[] out = Jcs.canonicalize(input);
        assertEquals(expected, new String(out, StandardCharsets.UTF_8));
        String hex = "7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72 75 65 2c 66 61 6c 73 65 5d 2c 22 6e 75 6d 62"
                + " 65 72 73 22 3a 5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31 65 2b 33 30 2c 34 2e 35 2c 30"
                + " 2e 30 30 32 2c 31 65 2d 32 37 5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24 5c 75 30 30 30 66 5c 6e 41"
                + " 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d"; // RFC 8785 §3.2.2, the output in UTF-8
        assertEquals(hex.replace(" ", ""), HexFormat.of().formatHex(out));
    }

    /** RFC 8785 §3.2.3 example: members sorted by UTF-16 code units (the emoji's surrogates sort before U+FB33). */
    @Test
    void rfcSection323Example_sortsByUtf16CodeUnits() throws Exception {
        String input = "{\"\\u20ac\": \"Euro Sign\", \"\\r\": \"Carriage Return\", \"\\ufb33\": \"Hebrew Letter Dalet With Dagesh\","
                + " \"1\": \"One\", \"\\ud83d\\ude00\": \"Emoji: Grinning Face\", \"\\u0080\": \"Control\","
                + " \"\\u00f6\": \"Latin Small Letter O With Diaeresis\"}";
        String out = new String(Jcs.canonicalize(input), StandardCharsets.UTF_8);
        String[] order = {"Carriage Return", "One", "Control", "Latin Small Letter O With Diaeresis", "Euro Sign",
                "Emoji: Grinning Face", "Hebrew Letter Dalet With Dagesh"};
        int last = -1;
        for (String v : order) {
            int at = out.indexOf(v);
            assertEquals(true, at > last, v + " out of order in " + out);
            last = at;
        }
        assertEquals(true, out.startsWith("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\""), out);
    }

    @Test
    void loneSurrogate_isRefused() {
        ObjectNode n = JsonNodeFactory.instance.objectNode().put("a", "x\ud800y");
        assertThrows(IllegalArgumentException.class, () -> Jcs.canonicalize(n));
    }

    @Test
    void integersBeyond2pow53_thatDoubleCannotHold_areRefused() throws Exception {
        assertEquals("[9007199254740992]", new String(Jcs.canonicalize("[9007199254740992]"), StandardCharsets.UTF_8));
        assertThrows(IllegalArgumentException.class, () -> Jcs.canonicalize("[9007199254740993]"));
    }

    /** The number form is the shortest that reads back: parse(toString(x)) == x and no shorter digit string does. */
    @Test
    void randomDoubles_roundTrip_withShortestDigits() {
        SplittableRandom r = new SplittableRandom(8785);
        for (int i = 0; i < 20_000; i++) {
            double x = i % 2 == 0 ? Double.longBitsToDouble(r.nextLong() & 0x7fefffffffffffffL) : r.nextDouble() * Math.pow(10, r.nextInt(-30, 30));
            String s = EcmaNumbers.toString(x);
            assertEquals(x == 0 ? 0.0 : x, Double.parseDouble(s), s);
            BigDecimal digits = new BigDecimal(s.replace("e+", "e")).stripTrailingZeros();
            int k = digits.precision();
            if (k > 1) {
                BigDecimal shorter = digits.round(new java.math.MathContext(k - 1, java.math.RoundingMode.HALF_EVEN));
                BigDecimal shorterUp = digits.round(new java.math.MathContext(k - 1, java.math.RoundingMode.UP));
                BigDecimal shorterDown = digits.round(new java.math.MathContext(k - 1, java.math.RoundingMode.DOWN));
                for (BigDecimal c : new BigDecimal[] {shorter, shorterUp, shorterDown}) {
                    assertEquals(true, Double.parseDouble(c.toString()) != x || c.precision() >= k, "shorter " + c + " also reads back as " + s);
                }
            }
        }
    }
}
