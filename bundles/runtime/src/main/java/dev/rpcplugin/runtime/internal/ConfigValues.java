package dev.rpcplugin.runtime.internal;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Typed reads of one configuration's properties, with the defaults of {@link PluginComponent.Config}.
 * Accepts what Configuration Admin may hold for an attribute: Karaf {@code .cfg} strings, typed
 * values, arrays and collections. Every failure names the attribute and the value.
 */
final class ConfigValues {

    // attribute id -> default from the annotation (null when the attribute has none); immutable
    private static final Map<String, Object> DEFAULTS = defaults();

    private final Map<String, ?> properties;

    ConfigValues(Map<String, ?> properties) {
        this.properties = properties;
    }

    /** The DS mapping of a method name to an attribute id: {@code _} to {@code .}, {@code __} to {@code _}. */
    static String attributeId(String methodName) {
        return methodName.replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
    }

    /** Every attribute id, sorted. */
    static Set<String> attributes() {
        return DEFAULTS.keySet();
    }

    /** Attributes this long or longer are matched against keys with one typo; shorter ones only exactly. */
    static final int MIN_TYPO_LENGTH = 6;

    /** Whether {@code key} is one of this runtime's attributes. */
    static boolean isAttribute(String key) {
        return DEFAULTS.containsKey(key);
    }

    /**
     * The attribute a key that is not one seems meant as: the same but for case or for {@code _} or
     * {@code -} in place of {@code .} (as in the method names of {@link PluginComponent.Config}), or but
     * for one typo (a character missing, extra or wrong, or two neighbours swapped) when exactly one
     * attribute of {@link #MIN_TYPO_LENGTH} or more characters is that close.
     *
     * @return the attribute id, or null when the key is one or resembles none
     */
    static String meantAttribute(String key) {
        if (DEFAULTS.containsKey(key)) {
            return null;
        }
        String normalized = key.trim().toLowerCase(Locale.ROOT).replace('_', '.').replace('-', '.');
        if (DEFAULTS.containsKey(normalized)) {
            return normalized;
        }
        String meant = null;
        for (String attribute : DEFAULTS.keySet()) {
            if (attribute.length() >= MIN_TYPO_LENGTH && oneTypoApart(normalized, attribute)) {
                if (meant != null) {
                    return null; // close to two: no guess
                }
                meant = attribute;
            }
        }
        return meant;
    }

    // Optimal string alignment distance of exactly one: one deletion, insertion, substitution or
    // transposition of neighbours.
    static boolean oneTypoApart(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 1 || a.equals(b)) {
            return false;
        }
        int start = 0;
        while (start < a.length() && start < b.length() && a.charAt(start) == b.charAt(start)) {
            start++;
        }
        int endA = a.length();
        int endB = b.length();
        while (endA > start && endB > start && a.charAt(endA - 1) == b.charAt(endB - 1)) {
            endA--;
            endB--;
        }
        int differA = endA - start;
        int differB = endB - start;
        if (differA <= 1 && differB <= 1) {
            return true; // one missing, extra or wrong character
        }
        return differA == 2 && differB == 2 && a.charAt(start) == b.charAt(start + 1)
                && a.charAt(start + 1) == b.charAt(start);
    }

    /** The configured value, or the default, or null. */
    Object raw(String key) {
        Object value = properties.get(key);
        return value != null ? value : DEFAULTS.get(key);
    }

    /** Every element of a string, array or collection value, as strings; empty when unset. */
    List<String> strings(String key) {
        Object value = raw(key);
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (value instanceof Collection<?> c) {
            c.forEach(v -> out.add(String.valueOf(v)));
        } else if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                out.add(String.valueOf(Array.get(value, i)));
            }
        } else {
            out.add(String.valueOf(value));
        }
        return out;
    }

    /** Names or numbers listed in one or more values, split at commas and blanks. */
    List<String> tokens(String key) {
        List<String> out = new ArrayList<>();
        for (String element : strings(key)) {
            for (String token : element.split("[,\\s]+")) {
                if (!token.isEmpty()) {
                    out.add(token);
                }
            }
        }
        return out;
    }

    /** A single string, trimmed; a one-element array counts as that element. */
    String string(String key) throws InvalidConfigurationException {
        List<String> values = strings(key);
        if (values.size() > 1) {
            throw new InvalidConfigurationException(key, raw(key), "expected a single value");
        }
        return values.isEmpty() ? "" : values.get(0).trim();
    }

    int integer(String key, int min, int max) throws InvalidConfigurationException {
        Object value = raw(key);
        long n;
        if (isWholeNumber(value)) {
            n = ((Number) value).longValue();
        } else {
            try {
                n = Long.parseLong(string(key));
            } catch (NumberFormatException e) {
                throw new InvalidConfigurationException(key, value, "is not an integer");
            }
        }
        if (n < min || n > max) {
            throw new InvalidConfigurationException(key, value, "must be from " + min + " to " + max);
        }
        return (int) n;
    }

    boolean bool(String key) throws InvalidConfigurationException {
        Object value = raw(key);
        if (value instanceof Boolean b) {
            return b;
        }
        String text = string(key);
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new InvalidConfigurationException(key, value, "must be true or false");
    }

    /** A duration; a whole number counts as milliseconds. */
    Duration duration(String key, boolean zeroAllowed) throws InvalidConfigurationException {
        Object value = raw(key);
        Duration d;
        try {
            // a Double or Float is read as text, so 0.5 is refused instead of cut to zero (which can mean off)
            d = isWholeNumber(value) ? Duration.ofMillis(((Number) value).longValue())
                    : DurationParser.parse(string(key));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(key, value, e.getMessage());
        }
        if (d.isNegative() || d.isZero() && !zeroAllowed) {
            throw new InvalidConfigurationException(key, value,
                    zeroAllowed ? "must not be negative" : "must be positive");
        }
        return d;
    }

    private static boolean isWholeNumber(Object value) {
        return value instanceof Number && !(value instanceof Double || value instanceof Float);
    }

    private static Map<String, Object> defaults() {
        Map<String, Object> defaults = new TreeMap<>();
        for (Method m : PluginComponent.Config.class.getDeclaredMethods()) {
            defaults.put(attributeId(m.getName()), m.getDefaultValue());
        }
        return java.util.Collections.unmodifiableMap(defaults);
    }
}
