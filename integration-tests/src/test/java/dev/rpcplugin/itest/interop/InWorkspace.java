package dev.rpcplugin.itest.interop;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base of the interop tests: a fresh {@link Workspace} per test, closed (and checked) after it. */
abstract class InWorkspace {

    protected Workspace workspace;

    @BeforeEach
    final void createWorkspace() throws Exception {
        workspace = Workspace.create();
    }

    @AfterEach
    final void closeWorkspace() throws Exception {
        workspace.close();
    }
}
