package dev.rpcplugin.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the assembled distribution the way a user does, through {@code bin/rpcplugin-container}.
 * Tests of the launcher's own behaviour use an empty configuration directory, so that they start no
 * plugins; the others run the demo plugins of {@code etc/}.
 */
class ContainerDistributionIT {

    private static final Duration BOUND = Duration.ofSeconds(90);
    /** A row of Gogo's {@code lb}: {@code "   12|Active     |    1|Name (version)|version"}. */
    private static final Pattern LB_ROW = Pattern.compile("^\\s*(\\d+)\\|(\\w+)\\s*\\|\\s*\\d+\\|(.*)$");

    @TempDir
    Path work;

    @AfterEach
    void nothingLeftRunning() {
        assertThat(DistributionProcess.leftovers()).as("processes of the distribution still running").isEmpty();
    }

    private Path emptyEtc() throws IOException {
        return Files.createDirectories(work.resolve("empty-etc"));
    }

    @Test
    void everyBundleIsActiveAndTheJavaDemoPluginsServeTheKvCommands() throws Exception {
        DistributionProcess.Result result = DistributionProcess.run(work, BOUND,
                "--exec", "lb; plugin:list; kv:put it-key it-value; kv:get it-key");

        assertThat(result.exitCode()).as("exit code; stderr:%n%s", result.err()).isZero();
        List<String[]> rows = lbRows(result.out());
        List<Path> jars = jarsIn(DistributionProcess.home().resolve("bundle"));
        assertThat(rows).as("system bundle plus one row per jar in bundle/").hasSize(jars.size() + 1);
        long fragments = jars.stream().filter(ContainerDistributionIT::isFragment).count();
        assertThat(rows).filteredOn(row -> !row[1].equals("Active"))
                .as("only fragments may be merely Resolved")
                .hasSize((int) fragments)
                .allSatisfy(row -> assertThat(row[1]).isEqualTo("Resolved"));
        assertThat(result.out().lines())
                .anyMatch(line -> line.startsWith("kv ") && line.contains("SERVING") && line.contains("proto.KV"))
                .anyMatch(line -> line.startsWith("streaming ") && line.contains("SERVING")
                        && line.contains("dataprocessor.v1.DataProcessor"))
                .contains("stored \"it-key\" in plugin kv", "it-value");
    }

    @Test
    void theDemoPluginsStartFromAHomeWhosePathHasBlanks() throws Exception {
        Path copy = work.resolve("rpcplugin home");
        copyDistribution(DistributionProcess.home(), copy);
        DistributionProcess.Result result;
        try (DistributionProcess container = DistributionProcess.start(copy, work, ProcessBuilder.Redirect.PIPE,
                null, "--exec", "plugin:list; kv:put blank-key blank-value; kv:get blank-key")) {
            result = container.finish(BOUND);
        } finally {
            assertThat(DistributionProcess.leftovers(copy)).as("processes of the copy still running").isEmpty();
        }

        assertThat(result.exitCode()).as("exit code; stderr:%n%s", result.err()).isZero();
        assertThat(result.err()).doesNotContain("EXECUTABLE_NOT_FOUND");
        assertThat(result.out().lines())
                .anyMatch(line -> line.startsWith("kv ") && line.contains("SERVING"))
                .anyMatch(line -> line.startsWith("streaming ") && line.contains("SERVING"))
                .contains("stored \"blank-key\" in plugin kv", "blank-value");
        assertThat(copy.resolve("data/kv/kv_blank-key")).hasContent("blank-value");
    }

    /** Copies the distribution without its run-time {@code data/}, keeping file modes. */
    private static void copyDistribution(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path relative = from.relativize(source);
                if (relative.startsWith("data")) {
                    continue;
                }
                Files.copy(source, to.resolve(relative.toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    @Test
    void sigtermStopsTheFrameworkAndEveryPlugin() throws Exception {
        try (DistributionProcess container = DistributionProcess.start(work, ProcessBuilder.Redirect.PIPE, null)) {
            container.awaitOutput("Welcome to Apache Felix Gogo", BOUND);

            container.process().destroy(); // SIGTERM: the script execs java, so this is the JVM

            DistributionProcess.Result result = container.finish(BOUND);
            assertThat(result.exitCode()).as("128 + SIGTERM").isEqualTo(143);
            assertThat(result.out()).as("the plugin table came before the shell").contains("SERVING");
        }
        // and nothingLeftRunning() checks that the plugins went with it
    }

    @Test
    void withoutAShellTheContainerIgnoresStdinAndRunsUntilSigterm() throws Exception {
        try (DistributionProcess container = DistributionProcess.start(work,
                ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()), null, "--no-shell")) {
            container.awaitOutput("SERVING", BOUND); // the plugin table, printed before it settles down
            // printed after the table: a SIGTERM sent before it could end the JVM before it is printed
            container.awaitError("running without a shell", BOUND);

            // with a shell, stdin at its end would stop everything at once
            assertThat(container.process().waitFor(2, TimeUnit.SECONDS)).as("exited with stdin at its end").isFalse();
            // the Java plugins' command lines: the check after each test must see them
            assertThat(DistributionProcess.leftovers()).as("the demo plugins' processes")
                    .anyMatch(line -> line.contains("/plugins/kv-plugin/"))
                    .anyMatch(line -> line.contains("/plugins/streaming-plugin/"));
            container.process().destroy(); // SIGTERM

            DistributionProcess.Result result = container.finish(BOUND);
            assertThat(result.exitCode()).as("128 + SIGTERM; stderr:%n%s", result.err()).isEqualTo(143);
            assertThat(result.err()).contains("running without a shell");
            assertThat(result.out()).doesNotContain("Welcome to Apache Felix Gogo");
        }
        // and nothingLeftRunning() checks that the plugins went with it
    }

    @Test
    void aSecondContainerOnTheSameHomeIsRefusedAndTheFirstKeepsRunning() throws Exception {
        Path etc = emptyEtc();
        try (DistributionProcess first = DistributionProcess.start(work, ProcessBuilder.Redirect.PIPE, etc)) {
            first.awaitOutput("Welcome to Apache Felix Gogo", BOUND);

            DistributionProcess.Result second = DistributionProcess.runWithInput(
                    Files.createDirectories(work.resolve("second")), BOUND, "", etc, "--exec", "lb");

            assertThat(second.exitCode()).as("exit code; stderr:%n%s", second.err())
                    .isEqualTo(ExitCode.START_FAILED.code());
            assertThat(second.err()).contains("another container is running in " + DistributionProcess.home());
            assertThat(second.out()).as("the second container started no framework").doesNotContain("Active");
            // the first one's bundle cache is intact: its shell still lists its bundles, then it stops
            first.process().getOutputStream().write("lb\n".getBytes(StandardCharsets.UTF_8));
            first.process().getOutputStream().close();
            DistributionProcess.Result result = first.finish(BOUND);
            assertThat(result.exitCode()).as("exit code; stderr:%n%s", result.err()).isZero();
            assertThat(lbRows(result.out())).hasSize(jarsIn(DistributionProcess.home().resolve("bundle")).size() + 1)
                    .allSatisfy(row -> assertThat(row[1]).isIn("Active", "Resolved"));
        }
    }

    @Test
    void aFailingCommandGivesExitCodeOneAndStopsTheRest() throws Exception {
        DistributionProcess.Result result = DistributionProcess.runWithInput(work, BOUND, "", emptyEtc(),
                "--exec", "echo before; no-such-command; echo after");

        assertThat(result.exitCode()).isEqualTo(ExitCode.COMMAND_FAILED.code());
        assertThat(result.out()).contains("before").doesNotContain("after");
        assertThat(result.err()).contains("command failed: no-such-command")
                .contains("no plugins configured");
    }

    @Test
    void theInteractiveShellReadsStdinAndStopsEverythingAtItsEnd() throws Exception {
        DistributionProcess.Result result = DistributionProcess.runWithInput(work, BOUND,
                "x = interactive\necho $x-ok\n", emptyEtc());

        assertThat(result.exitCode()).as("exit code; stderr:%n%s", result.err()).isZero();
        assertThat(result.out()).contains("interactive-ok", "gosh: stopping shell and framework");
    }

    @Test
    void aClosedStdinEndsTheShellWithoutRunningAnythingAsCommands() throws Exception {
        Path out = work.resolve("closed-stdin.out");
        Path err = work.resolve("closed-stdin.err");
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "exec \"$0\" \"$@\" <&-",
                DistributionProcess.home().resolve("bin/rpcplugin-container").toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("JAVA_OPTS", "-Drpcplugin.etc=" + emptyEtc());
        Process container = builder.start();
        try {
            assertThat(container.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS)).as("exited").isTrue();
        } finally {
            container.descendants().forEach(ProcessHandle::destroyForcibly);
            container.destroyForcibly();
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);

        assertThat(container.exitValue()).as("exit code; stderr:%n%s", stderr).isZero();
        assertThat(stdout).contains("gosh: stopping shell and framework")
                .as("nothing was read and run as a command").doesNotContain("gogo:", "Exception");
        assertThat(stderr).doesNotContain("Exception");
    }

    @Test
    void anUnknownOptionGivesExitCodeTwo() throws Exception {
        DistributionProcess.Result result = DistributionProcess.run(work, BOUND, "--no-such-option");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(result.err()).contains("unknown option: --no-such-option");
    }

    @Test
    void aWaitBeyondWhatTheLauncherCanCountGivesExitCodeTwo() throws Exception {
        // with the demo plugins configured, so that the launcher would wait for them
        DistributionProcess.Result result = DistributionProcess.run(work, BOUND,
                "--wait", "9999999999", "--exec", "echo never");

        assertThat(result.exitCode()).as("exit code; stderr:%n%s", result.err()).isEqualTo(ExitCode.USAGE.code());
        assertThat(result.err()).contains("--wait must be at most").doesNotContain("Exception");
    }

    @Test
    void helpListsTheOptionsAndExitCodes() throws Exception {
        DistributionProcess.Result result = DistributionProcess.run(work, BOUND, "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("--exec", "--wait", "Exit codes");
    }

    @Test
    void newerJavasStartWithoutWarningsAboutNativeAccessOrUnsafe() throws Exception {
        try (JarFile launcher = new JarFile(DistributionProcess.home().resolve("lib/rpcplugin-container.jar").toFile())) {
            assertThat(launcher.getManifest().getMainAttributes().getValue("Enable-Native-Access"))
                    .as("read by Java 22 and newer for an executable jar").isEqualTo("ALL-UNNAMED");
        }
        assertThat(argumentsGivenTo(fakeJdk("25.0.3"))).contains("--sun-misc-unsafe-memory-access=allow")
                .contains("-jar");
        assertThat(argumentsGivenTo(fakeJdk("23"))).contains("--sun-misc-unsafe-memory-access=allow");
        assertThat(argumentsGivenTo(fakeJdk("17.0.15"))).doesNotContain("--sun-misc-unsafe-memory-access=allow")
                .contains("-jar");
    }

    /** A JDK directory whose release file says {@code version} and whose java prints its arguments. */
    private Path fakeJdk(String version) throws IOException {
        Path jdk = Files.createDirectories(work.resolve("jdk-" + version));
        Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = Files.createDirectories(jdk.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor argument in \"$@\"; do echo \"$argument\"; done\n");
        assertThat(java.toFile().setExecutable(true)).isTrue();
        return jdk;
    }

    private List<String> argumentsGivenTo(Path javaHome) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(DistributionProcess.home().resolve("bin/rpcplugin-container")
                .toString()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", javaHome.toString());
        builder.environment().remove("JAVA_OPTS");
        Process launcher = builder.start();
        launcher.getOutputStream().close();
        List<String> lines = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .toList();
        assertThat(launcher.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(launcher.exitValue()).as(String.join("\n", lines)).isZero();
        return lines;
    }

    private static List<String[]> lbRows(String out) {
        List<String[]> rows = new ArrayList<>();
        for (String line : out.split("\\R")) {
            Matcher m = LB_ROW.matcher(line);
            if (m.matches()) {
                rows.add(new String[] {m.group(1), m.group(2), m.group(3)});
            }
        }
        return rows;
    }

    private static List<Path> jarsIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".jar")).toList();
        }
    }

    private static boolean isFragment(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest().getMainAttributes().getValue("Fragment-Host") != null;
        } catch (IOException e) {
            throw new AssertionError("cannot read " + jar, e);
        }
    }
}
