package dev.telltale.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The JSON Canonicalization Scheme (RFC 8785): no whitespace; object members sorted by their names as
 * arrays of UTF-16 code units; strings with the minimal escapes of ECMAScript's JSON.stringify (\" \\ \b
 * \f \n \r \t, other controls as lowercase backslash-u00xx, everything else as is, lone surrogates refused);
 * numbers as IEEE-754 doubles in ECMAScript's Number::toString form ({@link EcmaNumbers}). The output is
 * UTF-8. Reports are signed over these bytes.
 */
public final class Jcs {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Jcs() {}

    /** Canonical UTF-8 bytes of a JSON tree. */
    public static byte[] canonicalize(JsonNode node) {
        StringBuilder sb = new StringBuilder(256);
        write(node, sb);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Canonical bytes of any Jackson-serialisable value (maps, lists, records of plain values). */
    public static byte[] canonicalize(Object value) {
        return canonicalize(value instanceof JsonNode n ? n : MAPPER.valueToTree(value));
    }

    /** Canonical bytes of a JSON text (parsed with doubles for every non-integer number). */
    public static byte[] canonicalize(String json) throws IOException {
        return canonicalize(MAPPER.readTree(json));
    }

    private static void write(JsonNode node, StringBuilder sb) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    members.add(it.next());
                }
                members.sort(Map.Entry.comparingByKey()); // String.compareTo: UTF-16 code units
                sb.append('{');
                for (int i = 0; i < members.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    string(members.get(i).getKey(), sb);
                    sb.append(':');
                    write(members.get(i).getValue(), sb);
                }
                sb.append('}');
            }
            case ARRAY -> {
                sb.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    write(node.get(i), sb);
                }
                sb.append(']');
            }
            case STRING -> string(node.textValue(), sb);
            case NUMBER -> sb.append(EcmaNumbers.toString(toDouble(node)));
            case BOOLEAN -> sb.append(node.booleanValue() ? "true" : "false");
            case NULL -> sb.append("null");
            default -> throw new IllegalArgumentException("JSON (RFC 8785) cannot hold a " + node.getNodeType() + " value");
        }
    }

    /** A JSON number as the double RFC 8785 serialises; integers beyond 2^53 that do not fit exactly are refused. */
    private static double toDouble(JsonNode n) {
        if (n.isIntegralNumber()) {
            BigDecimal exact = new BigDecimal(n.bigIntegerValue());
            double d = exact.doubleValue();
            if (new BigDecimal(d).compareTo(exact) != 0) {
                throw new IllegalArgumentException("integer " + exact + " is not exactly representable as an IEEE-754 "
                        + "double; RFC 8785 canonical JSON needs it as a string");
            }
            return d;
        }
        if (n.isBigDecimal()) {
            return n.decimalValue().doubleValue();
        }
        return n.doubleValue();
    }

    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        sb.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        throw new IllegalArgumentException("string holds a lone surrogate U+" + Integer.toHexString(c)
                                + " at index " + i + "; RFC 8785 needs well-formed Unicode");
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
