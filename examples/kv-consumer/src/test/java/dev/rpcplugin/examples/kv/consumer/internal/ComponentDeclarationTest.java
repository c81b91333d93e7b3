package dev.rpcplugin.examples.kv.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The DS descriptor bnd writes from the annotations: what SCR actually reads. */
class ComponentDeclarationTest {

    private static final Path DESCRIPTOR =
            Path.of("target", "classes", "OSGI-INF", KvCommands.class.getName() + ".xml");

    @Test
    void bindsTheKvPluginDynamicallyAndGreedily() throws Exception {
        assertThat(Files.readString(DESCRIPTOR)).containsPattern("<reference name=\"connection\""
                + " cardinality=\"0..1\" policy=\"dynamic\" interface=\"dev.rpcplugin.api.PluginConnection\""
                + " target=\"\\(grpc.service=proto.KV\\)\" policy-option=\"greedy\" field=\"connection\"/>");
    }

    @Test
    void registersTheCommandsInScopeKv() throws Exception {
        assertThat(Files.readString(DESCRIPTOR))
                .contains("<property name=\"osgi.command.scope\" type=\"String\" value=\"kv\"/>")
                .containsPattern("<property name=\"osgi.command.function\" type=\"String\">put\\s+get</property>");
    }
}
