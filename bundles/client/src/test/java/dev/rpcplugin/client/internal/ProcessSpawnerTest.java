package dev.rpcplugin.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcessSpawnerTest {

    private static ProcessBuilder sh(String script) {
        return new ProcessBuilder("sh", "-c", script).redirectInput(new File("/dev/null"));
    }

    @Test
    void autoStartsNativelyOnThisLinuxMachine() throws Exception {
        try (ProcessSpawner spawner = ProcessSpawner.create(false, "auto")) {
            assertThat(spawner.isNative()).isTrue();
            Process p = spawner.start(sh("echo $$; exit 4"));
            assertThat(p).isInstanceOf(NativeChild.class);
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(4);
            assertThat(new String(p.getInputStream().readAllBytes()).trim()).isEqualTo(Long.toString(p.pid()));
        }
    }

    @Test
    void jdkStartsThroughJavaLangProcess() throws Exception {
        try (ProcessSpawner spawner = ProcessSpawner.create(false, "jdk")) {
            assertThat(spawner.isNative()).isFalse();
            Process p = spawner.start(sh("exit 5"));
            assertThat(p).isNotInstanceOf(NativeChild.class);
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(5);
        }
    }

    @Test
    void aBuilderNativeStartsCannotServeGoesThroughJavaLangProcess() throws Exception {
        try (ProcessSpawner spawner = ProcessSpawner.create(false, "auto")) {
            Process p = spawner.start(sh("echo both >&2").redirectErrorStream(true));
            assertThat(p).isNotInstanceOf(NativeChild.class);
            assertThat(new String(p.getInputStream().readAllBytes())).isEqualTo("both\n");
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void anUnknownModeIsRefusedByName() {
        assertThatThrownBy(() -> ProcessSpawner.create(false, "posix"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("system property rpcplugin.spawn must be auto or jdk, not \"posix\"");
    }

    @Test
    void aClosedSpawnerStartsNothing() {
        ProcessSpawner spawner = ProcessSpawner.create(false, "auto");
        spawner.close();
        assertThatThrownBy(() -> spawner.start(sh("exit 0"))).isInstanceOf(java.io.IOException.class)
                .hasMessage("the plugin host is closed");
    }
}
