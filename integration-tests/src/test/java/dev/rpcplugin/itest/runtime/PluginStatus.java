package dev.rpcplugin.itest.runtime;

import java.lang.reflect.Field;

/**
 * The fields of a {@code PluginStatusDTO} the tests look at, copied out of the framework's class.
 *
 * @param name plugin name
 * @param state state name, e.g. SERVING
 * @param pid process id or -1
 * @param instanceId incarnation id or null
 * @param restarts restarts so far
 * @param nextAttempt next restart (epoch millis) while backing off
 * @param lastFailure last failure's cause or null
 */
record PluginStatus(String name, String state, long pid, String instanceId, int restarts, long nextAttempt,
        String lastFailure) {

    static PluginStatus of(Object dto) {
        return new PluginStatus((String) field(dto, "name"), String.valueOf(field(dto, "state")),
                (Long) field(dto, "pid"), (String) field(dto, "instanceId"), (Integer) field(dto, "restarts"),
                (Long) field(dto, "nextAttempt"), (String) field(dto, "lastFailure"));
    }

    private static Object field(Object dto, String name) {
        try {
            Field f = dto.getClass().getField(name);
            return f.get(dto);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("PluginStatusDTO." + name, e);
        }
    }
}
