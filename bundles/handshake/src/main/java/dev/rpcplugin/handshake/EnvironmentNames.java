package dev.rpcplugin.handshake;

/** Rules every environment entry must follow to be passed to a child process. */
final class EnvironmentNames {

    private EnvironmentNames() {
    }

    /**
     * @param what where the entry comes from, for the message
     * @throws IllegalArgumentException if the name is empty or has {@code =} or NUL, or the value has NUL
     */
    static void check(String what, String name, String value) {
        if (name == null || name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + ": invalid environment variable name \"" + name
                    + "\" (must be non-empty, without '=' and NUL)");
        }
        if (value == null || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + ": invalid value for environment variable " + name
                    + " (must be non-null, without NUL)");
        }
    }
}
