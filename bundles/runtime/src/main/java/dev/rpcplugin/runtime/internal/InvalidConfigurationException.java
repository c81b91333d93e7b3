package dev.rpcplugin.runtime.internal;

import java.lang.reflect.Array;
import java.util.StringJoiner;

/** A plugin configuration attribute has a value that cannot be used; the message names both. */
public final class InvalidConfigurationException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String attribute;

    /**
     * @param attribute the configuration attribute, e.g. {@code start.timeout}
     * @param value the offending value as configured
     * @param problem what is wrong with it
     */
    public InvalidConfigurationException(String attribute, Object value, String problem) {
        super("configuration attribute " + attribute + " = " + render(value) + ": " + problem);
        this.attribute = attribute;
    }

    /** The attribute that was wrong. */
    public String attribute() {
        return attribute;
    }

    private static String render(Object value) {
        if (value != null && value.getClass().isArray()) {
            // Configuration Admin also allows arrays of primitives, whose toString() names no element
            StringJoiner items = new StringJoiner(", ", "[", "]");
            for (int i = 0; i < Array.getLength(value); i++) {
                items.add(render(Array.get(value, i)));
            }
            return items.toString();
        }
        return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    }
}
