package dev.rpcplugin.client.internal;

import java.time.Duration;
import java.util.OptionalInt;
import org.slf4j.Logger;

/**
 * go-plugin's {@code Kill}, extended to the whole process tree: ask the plugin to shut down, close the
 * channel, wait up to the stop grace for the exit, then SIGKILL every remembered and current
 * descendant and the plugin itself, wait for the pipes to drain and delete the socket directory.
 */
public final class Stopper {

    static final Duration KILL_WAIT = Duration.ofSeconds(5);
    static final Duration READER_WAIT = Duration.ofSeconds(2);

    private Stopper() {
    }

    /**
     * @param process the plugin's process
     * @param connection its connection
     * @param mayKill false for a reattached plugin in test mode: only disconnect
     * @param askFirst whether to ask the plugin to shut down and wait (false when it is already gone)
     * @param grace how long the Shutdown call and the wait for exit may take together
     * @param log the client's logger
     */
    public static void stop(PluginProcess process, Connection connection, boolean mayKill, boolean askFirst,
            Duration grace, Logger log) {
        boolean interrupted = Thread.interrupted(); // teardown waits are bounded; finish them, then re-interrupt
        try {
            if (!mayKill) {
                connection.abort(); // go-plugin: a test-mode reattach has no process to stop
                return;
            }
            if (process.isAlive()) {
                // before it can exit and its children be re-parented; killAll() looks again, also for a dead root
                process.tree().remember();
            }
            long deadline = System.nanoTime() + grace.toNanos();
            boolean acknowledged = false;
            if (askFirst && process.isAlive()) {
                acknowledged = connection.close(grace, log);
            } else {
                connection.abort();
            }
            if (process.isAlive()) {
                OptionalInt exit = acknowledged ? process.awaitExit(Duration.ofNanos(deadline - System.nanoTime())) : null;
                if (exit == null) {
                    log.warn("plugin failed to exit gracefully (pid {}); killing its process tree", process.pid());
                }
            }
            int signalled = process.tree().killAll();
            if (signalled > 0) {
                log.debug("sent SIGKILL to {} process(es) of the plugin's tree", signalled);
            }
            if (process.awaitExit(KILL_WAIT) == null) {
                log.warn("plugin process {} still exists {} after SIGKILL", process.pid(), KILL_WAIT);
            } else {
                // killed here or by anyone else (a crash, the OOM killer): a plugin that exits normally
                // has removed its socket already
                LeftoverSocket.deleteAfterKill(connection.network(), connection.address(), process.tempDirectory());
            }
            if (!process.awaitReaders(READER_WAIT)) {
                log.warn("plugin output pipes still open {} after the plugin ended", READER_WAIT);
            }
        } catch (InterruptedException e) {
            interrupted = true;
            process.tree().killAll();
        } finally {
            process.deleteSocketDirectory();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
