package dev.rpcplugin.examples.support;

import java.util.List;

/** One command of a {@link CommandLineHost}, e.g. {@code put KEY VALUE}. */
@FunctionalInterface
public interface HostCommand {

    /**
     * Checks the arguments before anything is started.
     *
     * @param arguments the words after the command name, as many as the command's arity
     * @throws IllegalArgumentException with the message to print
     */
    default void check(List<String> arguments) {
    }

    /**
     * Does the work with the started plugin.
     *
     * @param session the connected plugin and where to print
     * @param arguments the words after the command name
     * @throws Exception on failure; the host prints its message and exits 1
     */
    void run(HostSession session, List<String> arguments) throws Exception;
}
