package dev.rpcplugin.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerHomeTest {

    @TempDir
    Path home;

    @AfterEach
    void forgetHome() {
        System.clearProperty(ContainerHome.HOME_PROPERTY);
        System.clearProperty("rpcplugin.test.logdir");
        System.clearProperty(ContainerHome.ETC_PROPERTY);
    }

    private ContainerHome homeWith(String... jars) throws IOException, LaunchException {
        Files.createDirectories(home.resolve("bundle"));
        Files.createDirectories(home.resolve("etc"));
        for (String jar : jars) {
            Files.writeString(home.resolve("bundle").resolve(jar), "");
        }
        System.setProperty(ContainerHome.HOME_PROPERTY, home.toString());
        return ContainerHome.locate();
    }

    @Test
    void aDirectoryWithoutBundlesIsNotAHome() {
        System.setProperty(ContainerHome.HOME_PROPERTY, home.toString());

        assertThatThrownBy(ContainerHome::locate)
                .isInstanceOf(LaunchException.class)
                .hasMessageContaining("no bundle/").hasMessageContaining(home.toString());
    }

    @Test
    void listsBundleJarsAndPluginConfigsInNameOrder() throws Exception {
        ContainerHome container = homeWith("b.jar", "a.jar", "notes.txt");
        Files.writeString(home.resolve("etc/dev.rpcplugin.plugin-kv.cfg"), "name = kv\n");
        Files.writeString(home.resolve("etc/dev.rpcplugin.plugin-go.cfg"), "name = go\n");
        Files.writeString(home.resolve("etc/org.example.other.cfg"), "x = 1\n");

        assertThat(container.bundleJars()).extracting(p -> p.getFileName().toString())
                .containsExactly("a.jar", "b.jar");
        assertThat(container.pluginConfigs()).extracting(p -> p.getFileName().toString())
                .containsExactly("dev.rpcplugin.plugin-go.cfg", "dev.rpcplugin.plugin-kv.cfg");
    }

    @Test
    void namesFilesMeantAsPluginConfigsThatAreNotReadAsSuch() throws Exception {
        ContainerHome container = homeWith("a.jar");
        Files.writeString(home.resolve("etc/dev.rpcplugin.plugin-kv.cfg"), "name = kv\n");
        Files.writeString(home.resolve("etc/dev.rpcplugin.plugins-kv3.cfg"), "name = kv3\n");
        Files.writeString(home.resolve("etc/dev.rpcplugin.plugin-.cfg"), "name = x\n");
        Files.writeString(home.resolve("etc/org.example.other.cfg"), "x = 1\n");

        assertThat(container.misnamedPluginConfigs()).extracting(p -> p.getFileName().toString())
                .containsExactly("dev.rpcplugin.plugin-.cfg", "dev.rpcplugin.plugins-kv3.cfg");
    }

    @Test
    void anEmptyBundleDirectoryIsAnError() throws Exception {
        ContainerHome container = homeWith();

        assertThatThrownBy(container::bundleJars).isInstanceOf(LaunchException.class).hasMessageContaining("no bundles");
    }

    @Test
    void frameworkPropertiesPointIntoTheHomeAndTakeOverridesWithSubstitution() throws Exception {
        ContainerHome container = homeWith("a.jar");
        Files.writeString(home.resolve("etc/config.properties"),
                "felix.fileinstall.poll = 5000\nexample.dir = ${rpcplugin.home}/data/x\n");

        Map<String, String> props = container.frameworkProperties(false);

        assertThat(props).containsEntry("rpcplugin.home", home.toString())
                .containsEntry("org.osgi.framework.storage", home.resolve("data/felix-cache").toString())
                .containsEntry("felix.fileinstall.dir", home.resolve("etc").toString())
                .containsEntry("felix.fileinstall.poll", "5000")
                .containsEntry("felix.fileinstall.enableConfigSave", "false")
                .containsEntry("felix.fileinstall.tmpdir", home.resolve("data/fileinstall").toString())
                .containsEntry("felix.cm.pm", "memory")
                .containsEntry("example.dir", home + "/data/x")
                .containsEntry("gosh.args", "--nointeractive");
        assertThat(container.frameworkProperties(true)).containsEntry("gosh.args", "");
    }

    @Test
    void systemPropertiesDoNotOverrideTheCommandLine() throws Exception {
        ContainerHome container = homeWith("a.jar");
        Files.writeString(home.resolve("etc/system.properties"), "rpcplugin.test.logdir = ${rpcplugin.home}/log\n");

        container.applySystemProperties();
        assertThat(System.getProperty("rpcplugin.test.logdir")).isEqualTo(home + "/log");

        System.setProperty("rpcplugin.test.logdir", "from-command-line");
        container.applySystemProperties();
        assertThat(System.getProperty("rpcplugin.test.logdir")).isEqualTo("from-command-line");
    }

    @Test
    void createsPluginWorkingDirectoriesUnderDataOnly() throws Exception {
        ContainerHome container = homeWith("a.jar");
        Path outside = home.resolve("elsewhere");
        Files.writeString(home.resolve("etc/dev.rpcplugin.plugin-kv.cfg"),
                "command = x\nworking.dir = ${rpcplugin.home}/data/kv\n");
        Files.writeString(home.resolve("etc/dev.rpcplugin.plugin-other.cfg"),
                "command = x\nworking.dir = " + outside + "\n");
        Files.writeString(home.resolve("etc/dev.rpcplugin.plugin-none.cfg"), "command = x\n");

        container.createPluginWorkingDirectories();

        assertThat(home.resolve("data/kv")).isDirectory();
        assertThat(outside).doesNotExist();
    }

    @Test
    void anotherConfigurationDirectoryReplacesEtc() throws Exception {
        ContainerHome container = homeWith("a.jar");
        Path other = Files.createDirectories(home.resolve("other-etc"));
        Files.writeString(other.resolve("dev.rpcplugin.plugin-x.cfg"), "command = x\n");
        Files.writeString(other.resolve("config.properties"), "felix.fileinstall.poll = 7\n");
        System.setProperty(ContainerHome.ETC_PROPERTY, other.toString());

        assertThat(container.etcDir()).isEqualTo(other);
        assertThat(container.pluginConfigs()).containsExactly(other.resolve("dev.rpcplugin.plugin-x.cfg"));
        assertThat(container.frameworkProperties(true))
                .containsEntry("felix.fileinstall.dir", other.toString())
                .containsEntry("felix.fileinstall.poll", "7");
    }
}
