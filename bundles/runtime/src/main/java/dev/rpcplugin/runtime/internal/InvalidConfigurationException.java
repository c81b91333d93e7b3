package dev.rpcplugin.runtime.internal;

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
        if (value instanceof Object[] array) {
            return java.util.Arrays.deepToString(array);
        }
        return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    }
}
