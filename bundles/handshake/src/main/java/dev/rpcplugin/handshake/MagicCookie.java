package dev.rpcplugin.handshake;

import java.util.Map;
import java.util.Objects;

/**
 * The magic cookie: an environment variable the host sets so that a plugin can tell it was started
 * by a host and not by a user. A sanity check, not a security measure.
 *
 * @param key the variable name, e.g. {@code BASIC_PLUGIN}
 * @param value the expected value, e.g. {@code hello}
 */
public record MagicCookie(String key, String value) {

    /**
     * Validates the cookie.
     *
     * @throws IllegalArgumentException if the key or value is empty, the key contains {@code =} or
     *     NUL, or the value contains NUL (none of which can be passed to a process)
     */
    public MagicCookie {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (key.isEmpty() || value.isEmpty()) {
            throw new IllegalArgumentException("magic cookie key and value must both be non-empty (key \""
                    + key + "\", value \"" + value + "\")");
        }
        EnvironmentNames.check("magic cookie", key, value);
    }

    /** Whether {@code environment} holds exactly this cookie. */
    public boolean matches(Map<String, String> environment) {
        return value.equals(environment.get(key));
    }

    @Override
    public String toString() {
        // The value is not secret, but there is no reason to spread it through logs either.
        return "MagicCookie[key=" + key + "]";
    }
}
