package dev.rpcplugin.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProcessSpawnerTest {

    private final List<Process> started = new ArrayList<>();

    @TempDir
    Path work;

    @AfterEach
    void killEverything() throws InterruptedException {
        NativeSpawnerTest.killAll(started);
    }

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

    @ParameterizedTest(name = "mode={0}")
    @ValueSource(strings = {"auto", "jdk"})
    void aWrappedChildLeadsAProcessGroupOfItsOwnWithoutAForkInBetween(String mode) throws Exception {
        for (boolean killWithHost : new boolean[] {false, true}) {
            try (ProcessSpawner spawner = ProcessSpawner.create(killWithHost, mode)) {
                Process child = spawner.start(new ProcessBuilder(spawner.wrap(Path.of("/bin/sleep"),
                        List.of("sleep", "60"))).redirectInput(new File("/dev/null")));
                started.add(child);
                // the wrappers exec one another in the same process, so the pid is the plugin's
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!command(child.pid()).equals("sleep") && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertThat(command(child.pid())).as("killWithHost=%s", killWithHost).isEqualTo("sleep");
                assertThat(NativeSpawnerTest.processGroupOf(child.pid())).as("killWithHost=%s", killWithHost)
                        .isEqualTo(child.pid());
                child.destroyForcibly();
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    private static String command(long pid) throws IOException {
        return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).trim();
    }

    @ParameterizedTest(name = "mode={0}")
    @ValueSource(strings = {"auto", "jdk"})
    void anInterruptAtTheHostsTerminalReachesTheHostOnly(String mode) throws Exception {
        // a Ctrl-C sends SIGINT to the terminal's foreground process group: here, to the group the host leads
        Path setsid = Path.of("/usr/bin/setsid");
        assertThat(setsid).as("util-linux setsid").isExecutable();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path stderr = work.resolve("host-stderr");
        Process host = new ProcessBuilder(setsid.toString(), java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), InterruptedHostMain.class.getName(), mode)
                .redirectInput(new File("/dev/null")).redirectError(stderr.toFile()).start();
        started.add(host);
        BufferedReader output = new BufferedReader(
                new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8));
        String groupLine = output.readLine();
        assertThat(groupLine).as("host stderr: %s", Files.readString(stderr)).startsWith("host group ");
        long hostGroup = Long.parseLong(groupLine.substring("host group ".length()));
        // never signal the group this test runs in
        assertThat(hostGroup).isEqualTo(host.pid())
                .isNotEqualTo(NativeSpawnerTest.processGroupOf(ProcessHandle.current().pid()));
        assertThat(output.readLine()).isEqualTo("child ready");

        Process kill = new ProcessBuilder("/bin/kill", "-INT", "--", "-" + hostGroup).redirectErrorStream(true).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as(new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();
        List<String> rest = output.lines().toList();
        assertThat(host.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(rest).as("host stderr: %s", Files.readString(stderr))
                .containsExactly("child got SIGTERM", "host done");
    }
}
