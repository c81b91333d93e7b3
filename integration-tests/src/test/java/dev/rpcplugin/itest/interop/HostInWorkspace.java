package dev.rpcplugin.itest.interop;

import dev.rpcplugin.client.PluginHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the tests where our host launches plugins: besides the workspace, a {@link PluginHost} whose
 * socket directories are made in it, closed after the test before the workspace is.
 */
abstract class HostInWorkspace extends InWorkspace {

    protected PluginHost host;

    /** @return the host's logger prefix, or null for the default */
    protected String loggerPrefix() {
        return null;
    }

    @BeforeEach
    final void createHost() {
        PluginHost.Builder builder = PluginHost.builder().socketDirectoryParent(workspace.tmp());
        if (loggerPrefix() != null) {
            builder.loggerPrefix(loggerPrefix());
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
