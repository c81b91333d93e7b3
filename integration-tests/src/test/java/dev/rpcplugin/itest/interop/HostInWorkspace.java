package dev.rpcplugin.itest.interop;

import dev.rpcplugin.client.PluginHost;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the tests where our host launches plugins: besides the workspace, a {@link PluginHost} whose
 * socket directories are made in it, closed after the test before the workspace is.
 */
abstract class HostInWorkspace extends InWorkspace {

    private static final AtomicInteger HOSTS = new AtomicInteger();

    /** The host's logger prefix, different in every test that captures plugin logs; null: the default. */
    protected final String loggerPrefix;
    protected PluginHost host;

    /** A host with the default logger prefix. */
    protected HostInWorkspace() {
        this.loggerPrefix = null;
    }

    /** @param loggerPrefixStem the logger prefix is this followed by a number no other test's host has */
    protected HostInWorkspace(String loggerPrefixStem) {
        this.loggerPrefix = loggerPrefixStem + HOSTS.incrementAndGet();
    }

    @BeforeEach
    final void createHost() {
        PluginHost.Builder builder = PluginHost.builder().socketDirectoryParent(workspace.tmp());
        if (loggerPrefix != null) {
            builder.loggerPrefix(loggerPrefix);
        }
        host = builder.build();
    }

    @AfterEach
    final void closeHost() {
        if (host != null) {
            host.close();
        }
    }
}
