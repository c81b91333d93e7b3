package dev.rpcplugin.server.internal;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds one hclog JSON log line (without the newline) the way go-hclog's JSON format does: a flat
 * object whose keys are sorted (Go marshals a map), with {@code @level}, {@code @message},
 * {@code @module} (only when named) and {@code @timestamp}, then the caller's key/value pairs, which
 * win on a clash. An odd trailing value goes under {@code EXTRA_VALUE_AT_END}, as in hclog.
 *
 * <p>Values: null, booleans and numbers keep their JSON types; throwables become their
 * {@code toString()} (hclog renders Go errors as strings); byte arrays become base64 (as Go does);
 * arrays, iterables and maps nest; everything else is {@code String.valueOf}. Non-finite floating
 * point numbers become strings.
 */
public final class HclogJson {

    /** Key hclog uses for an odd trailing value. */
    public static final String EXTRA_VALUE_KEY = "EXTRA_VALUE_AT_END";

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private HclogJson() {
    }

    /**
     * Builds the line.
     *
     * @param level the {@code @level} value (already lower case)
     * @param message the {@code @message} value
     * @param module the {@code @module} value, or null/empty for an unnamed logger
     * @param timestamp the {@code @timestamp} value
     * @param keyValues alternating keys and values; keys are rendered with {@code String.valueOf}
     * @return the JSON object on one line
     */
    public static String line(String level, String message, String module, String timestamp, Object[] keyValues) {
        Map<String, Object> fields = new TreeMap<>();
        fields.put("@level", level);
        fields.put("@message", message == null ? "" : message);
        if (module != null && !module.isEmpty()) {
            fields.put("@module", module);
        }
        fields.put("@timestamp", timestamp);
        if (keyValues != null) {
            int pairs = keyValues.length / 2;
            for (int i = 0; i < pairs; i++) {
                fields.put(String.valueOf(keyValues[2 * i]), keyValues[2 * i + 1]);
            }
            if (keyValues.length % 2 != 0) {
                fields.put(EXTRA_VALUE_KEY, keyValues[keyValues.length - 1]);
            }
        }
        StringBuilder out = new StringBuilder(128);
        appendValue(out, fields, 0);
        return out.toString();
    }

    private static void appendValue(StringBuilder out, Object value, int depth) {
        if (depth > 16) {
            appendString(out, String.valueOf(value));
        } else if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean) {
            out.append(value);
        } else if (isIntegral(value)) {
            out.append(value);
        } else if (value instanceof Double || value instanceof Float) {
            appendFloating(out, ((Number) value).doubleValue(), value);
        } else if (value instanceof BigDecimal decimal) {
            out.append(decimal.toString());
        } else if (value instanceof Throwable || value instanceof CharSequence || value instanceof Character) {
            appendString(out, value.toString());
        } else if (value instanceof byte[] bytes) {
            appendString(out, Base64.getEncoder().encodeToString(bytes));
        } else if (value instanceof Map<?, ?> map) {
            appendObject(out, map, depth);
        } else if (value instanceof Iterable<?> items) {
            appendArray(out, items, depth);
        } else if (value.getClass().isArray()) {
            appendArray(out, arrayItems(value), depth);
        } else {
            appendString(out, String.valueOf(value));
        }
    }

    private static boolean isIntegral(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger || value instanceof AtomicInteger || value instanceof AtomicLong;
    }

    private static void appendFloating(StringBuilder out, double number, Object original) {
        if (Double.isFinite(number)) {
            out.append(original);
        } else {
            appendString(out, original.toString());
        }
    }

    private static void appendObject(StringBuilder out, Map<?, ?> map, int depth) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            appendString(out, String.valueOf(entry.getKey()));
            out.append(':');
            appendValue(out, entry.getValue(), depth + 1);
        }
        out.append('}');
    }

    private static void appendArray(StringBuilder out, Iterable<?> items, int depth) {
        out.append('[');
        boolean first = true;
        for (Object item : items) {
            if (!first) {
                out.append(',');
            }
            first = false;
            appendValue(out, item, depth + 1);
        }
        out.append(']');
    }

    private static Iterable<Object> arrayItems(Object array) {
        int length = Array.getLength(array);
        List<Object> items = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            items.add(Array.get(array, i));
        }
        return items;
    }

    /** Appends {@code text} as a JSON string, escaping what JSON requires plus U+2028/U+2029 as Go does. */
    static void appendString(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                                .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
