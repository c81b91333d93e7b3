package dev.rpcplugin.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The DS descriptor bnd writes from the annotations: what Felix SCR and Karaf actually read. */
class ComponentDeclarationTest {

    private static final Path DESCRIPTOR =
            Path.of("target", "classes", "OSGI-INF", PluginCommands.class.getName() + ".xml");

    @Test
    void registersTheCommandsWithTheirGogoProperties() throws Exception {
        String xml = Files.readString(DESCRIPTOR);

        assertThat(xml)
                .contains("<property name=\"osgi.command.scope\" type=\"String\" value=\"plugin\"/>")
                .contains("<provide interface=\"" + PluginCommands.class.getName() + "\"/>");
        for (String function : GogoCommandsTest.FUNCTIONS) {
            assertThat(xml).containsPattern("<property name=\"osgi.command.function\" type=\"String\">[^<]*\\b"
                    + function + "\\b");
        }
    }

    @Test
    void referencesTheAdminOptionallyAndDynamically() throws Exception {
        String xml = Files.readString(DESCRIPTOR);

        assertThat(xml).containsPattern("<reference name=\"admin\" cardinality=\"0..1\" policy=\"dynamic\""
                + " interface=\"dev.rpcplugin.api.PluginAdmin\" field=\"admin\"");
        assertThat(xml).containsPattern("<reference name=\"connections\" cardinality=\"0..n\" policy=\"dynamic\""
                + " interface=\"dev.rpcplugin.api.PluginConnection\" field=\"connections\""
                + " field-collection-type=\"properties\"");
    }
}
