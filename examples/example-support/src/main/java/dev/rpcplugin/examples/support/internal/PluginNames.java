package dev.rpcplugin.examples.support.internal;

/** Names a plugin after the program its shell command runs, for its logger and messages. */
public final class PluginNames {

    private PluginNames() {
    }

    /**
     * The base name of the first word of a shell command that is neither {@code exec} nor a
     * {@code NAME=value} assignment, e.g. {@code kv-plugin} for
     * {@code KV_PLUGIN_MEMORY=1 exec '/opt/examples/kv-plugin/bin/kv-plugin'} (quotes around the
     * word are dropped); {@code plugin} when that word is no plain file name.
     *
     * @param command the shell command
     * @return the name
     */
    public static String of(String command) {
        for (String word : command.trim().split("\\s+")) {
            if (word.equals("exec") || word.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
                continue;
            }
            String path = word.replaceAll("^['\"]|['\"]$", "");
            String base = path.substring(path.lastIndexOf('/') + 1);
            return base.matches("[A-Za-z0-9][A-Za-z0-9._-]*") ? base : "plugin";
        }
        return "plugin";
    }
}
