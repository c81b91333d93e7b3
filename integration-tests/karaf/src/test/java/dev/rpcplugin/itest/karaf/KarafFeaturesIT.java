package dev.rpcplugin.itest.karaf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Our features in a real Karaf 4.4: the KAR installed, the features installed with
 * {@code feature:install}, every bundle of them Active. One Karaf serves all tests of the class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KarafFeaturesIT {

    private static final Duration BOOT_BOUND = Duration.ofSeconds(120);
    private static final Duration COMMAND_BOUND = Duration.ofSeconds(120);
    private static final Duration PLUGIN_BOUND = Duration.ofSeconds(60);
    private static final Duration PROCESS_EXIT_BOUND = Duration.ofSeconds(30);

    private static final String PROJECT_VERSION = System.getProperty("project.version");

    private static RunningKaraf karaf;
    private static List<Long> karafProcesses = List.of();
    /** A path in the command line of the plugin process the test made Karaf start. */
    private static String pluginMarker;

    @BeforeAll
    static void startKaraf() throws Exception {
        Path work = property("karaf.tests.work");
        RunningKaraf.deleteTree(work);
        Path kar = property("karaf.tests.kar");
        assertThat(kar).as("the features module's KAR").exists();
        // the KAR's repository holds our bundles and the features XML; the rest comes from ~/.m2
        Path repository = KarRepository.extract(kar, work.resolve("kar-repository"));
        karaf = RunningKaraf.start(property("karaf.tarball"), work, property("karaf.tests.localRepository"),
                repository, System.getProperty("karaf.version"));
        karafProcesses = karaf.processTree();
        // kar is the last boot feature: once its commands answer, the shell is complete
        karaf.awaitCommand(BOOT_BOUND, "kar:list");
        // bin/karaf server forks its JVM, which may not have been there a moment after the start
        karafProcesses = karaf.processTree();
    }

    @AfterAll
    static void stopKaraf() throws Exception {
        if (karaf != null) {
            karaf.close();
        }
        // a process SIGKILLed by close() (or by its parent's death) ends a moment after the signal was sent
        awaitNoneAlive(() -> karafProcesses.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive)
                .orElse(false)).toList());
        assertThat(karafProcesses).as("Karaf processes left running")
                .allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                        .isNotEqualTo(Optional.of(true)));
        if (pluginMarker != null) {
            awaitNoneAlive(KarafFeaturesIT::pluginProcesses);
            assertThat(pluginProcesses()).as("plugin processes left running").isEmpty();
        }
    }

    private static List<String> pluginProcesses() {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .map(p -> commandLine(p.pid())).filter(line -> line.contains(pluginMarker)).toList();
    }

    /**
     * A process's command line from {@code /proc/PID/cmdline}, arguments joined by blanks; empty once it
     * ended. {@code ProcessHandle.Info} gives none for a command line longer than a page, as a Java
     * plugin's class path makes it.
     */
    private static String commandLine(long pid) {
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return new String(cmdline, StandardCharsets.UTF_8).replace('\u0000', ' ').trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** The process group of a live process, from {@code /proc/PID/stat} ({@code pid (comm) state ppid pgrp ...}). */
    private static long processGroup(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[2]);
    }

    /** Waits (bounded) until {@code alive} lists nothing; the assertion after it names what is left. */
    private static void awaitNoneAlive(Supplier<List<?>> alive) throws InterruptedException {
        long deadline = System.nanoTime() + PROCESS_EXIT_BOUND.toNanos();
        while (!alive.get().isEmpty() && System.nanoTime() - deadline < 0) {
            Thread.sleep(50);
        }
    }

    private static Path property(String name) {
        String value = System.getProperty(name);
        assertThat(value).as("system property " + name + " (run through failsafe)").isNotNull();
        return Path.of(value);
    }

    @Test
    @Order(0)
    void karafListensOnLoopbackOnly() throws Exception {
        List<String> listeners = new ArrayList<>();
        for (long pid : karaf.processTree()) {
            listeners.addAll(ListeningSockets.of(pid));
        }

        assertThat(listeners).as("Karaf's TCP listeners").isNotEmpty().allMatch(ListeningSockets::isLoopback);
    }

    @Test
    @Order(1)
    void featuresInstallAndEveryBundleIsActive() throws Exception {
        RunningKaraf.ClientResult install = karaf.client(COMMAND_BOUND,
                "feature:repo-add mvn:dev.rpcplugin/rpcplugin-features/" + PROJECT_VERSION + "/xml/features",
                "feature:install rpcplugin-core rpcplugin-shell rpcplugin-examples");
        assertThat(install.ok()).as("install output:%n%s", install.output()).isTrue();

        RunningKaraf.ClientResult features = karaf.client(COMMAND_BOUND, "feature:list -i");
        assertThat(features.output())
                .contains("rpcplugin-grpc", "rpcplugin-core", "rpcplugin-shell", "rpcplugin-examples");

        RunningKaraf.ClientResult bundles = karaf.client(COMMAND_BOUND, "bundle:list -s -t 0");
        assertThat(bundles.output().lines().filter(line -> line.contains("bcprov")))
                .as("only Karaf's own BouncyCastle, which our features leave alone:%n%s", bundles.output())
                .hasSizeLessThanOrEqualTo(1);
        List<String> ours = bundles.output().lines()
                .filter(line -> line.contains("dev.rpcplugin") || line.contains("com.google")
                        || line.contains("org.apache.felix.scr"))
                .toList();
        assertThat(ours).as("bundle:list:%n%s", bundles.output())
                .anyMatch(line -> line.contains("dev.rpcplugin.grpc.runtime"))
                .anyMatch(line -> line.contains("dev.rpcplugin.client"))
                .anyMatch(line -> line.contains("dev.rpcplugin.runtime"))
                .anyMatch(line -> line.contains("dev.rpcplugin.shell"))
                .anyMatch(line -> line.contains("dev.rpcplugin.examples.kv.consumer"))
                .anyMatch(line -> line.contains("org.apache.felix.scr"))
                .anyMatch(line -> line.contains("dev.rpcplugin.examples.kv.api"))
                .allMatch(line -> line.contains("Active"));
        Files.writeString(karaf.home().resolve("bundles.txt"), bundles.output());
    }

    @Test
    @Order(2)
    void aPluginConfiguredInEtcServesAndKvCommandsUseIt() throws Exception {
        Path command = kvPluginCommand();
        Path data = Files.createDirectories(property("karaf.tests.work").resolve("kv-data"));
        String config = String.join("\n",
                "command = " + command,
                "working.dir = " + data,
                "magic.cookie.key = BASIC_PLUGIN",
                "magic.cookie.value = hello",
                "protocol.versions = 1",
                "grpc.service = proto.KV",
                "");
        // written aside and moved in, so that FileInstall never reads a half-written file
        Path etc = karaf.home().resolve("etc");
        Path staged = Files.writeString(karaf.home().resolve("dev.rpcplugin.plugin-kv.cfg.tmp"), config);
        Files.move(staged, etc.resolve("dev.rpcplugin.plugin-kv.cfg"), StandardCopyOption.ATOMIC_MOVE);

        RunningKaraf.ClientResult list = karaf.awaitOutput(PLUGIN_BOUND, "plugin:list",
                out -> out.lines().anyMatch(line -> line.startsWith("kv ") && line.contains("SERVING")));
        assertThat(list.output()).contains("proto.KV");

        RunningKaraf.ClientResult kv = karaf.client(COMMAND_BOUND, "kv:put greeting from-karaf", "kv:get greeting");
        assertThat(kv.ok()).as("kv output:%n%s", kv.output()).isTrue();
        assertThat(kv.output()).contains("stored \"greeting\" in plugin kv").contains("from-karaf");
        pluginMarker = command.getParent().getParent().toString();
    }

    @Test
    @Order(3)
    void aPluginMadeWithConfigEditServesAndConfigDeleteStopsIt() throws Exception {
        Path command = kvPluginCommand();
        Path data = Files.createDirectories(property("karaf.tests.work").resolve("kv-edit-data"));
        // the way the README tells Karaf users to add a plugin from the shell
        RunningKaraf.ClientResult edit = karaf.client(COMMAND_BOUND,
                "config:edit --factory --alias kvedit dev.rpcplugin.plugin",
                "config:property-set command " + command,
                "config:property-set working.dir " + data,
                "config:property-set magic.cookie.key BASIC_PLUGIN",
                "config:property-set magic.cookie.value hello",
                "config:property-set grpc.service proto.KV",
                "config:update");
        assertThat(edit.ok()).as("config:edit output:%n%s", edit.output()).isTrue();

        RunningKaraf.ClientResult serving = karaf.awaitOutput(PLUGIN_BOUND, "plugin:list",
                out -> out.lines().anyMatch(line -> line.startsWith("kvedit ") && line.contains("SERVING")));
        String listedPlugin = serving.output().lines().filter(l -> l.startsWith("kvedit ")).findFirst().orElseThrow();
        assertThat(listedPlugin).contains("proto.KV");
        long pluginPid = Long.parseLong(listedPlugin.split("\\s+")[2]);
        assertThat(ProcessHandle.of(pluginPid)).as("the plugin process of %s", listedPlugin).isPresent();
        // started through java.lang.Process here (the features bring no JNA), under setsid
        assertThat(processGroup(pluginPid)).as("process group of plugin %d", pluginPid).isEqualTo(pluginPid);
        pluginMarker = command.getParent().getParent().toString();
        // what the leftover check after the last test looks for: it must see the running plugins
        assertThat(pluginProcesses()).isNotEmpty();

        // Karaf gives a factory configuration made in its shell a generated PID; the alias names its etc/ file
        RunningKaraf.ClientResult listed = karaf.client(COMMAND_BOUND,
                "config:list '(felix.fileinstall.filename=*/dev.rpcplugin.plugin-kvedit.cfg)'");
        List<String> pids = listed.output().lines().map(String::strip).filter(line -> line.startsWith("Pid:"))
                .map(line -> line.substring("Pid:".length()).strip()).toList();
        assertThat(pids).as("config:list output:%n%s", listed.output()).singleElement().asString()
                .startsWith("dev.rpcplugin.plugin.");
        RunningKaraf.ClientResult delete = karaf.client(COMMAND_BOUND, "config:delete " + pids.get(0));
        assertThat(delete.ok()).as("config:delete output:%n%s", delete.output()).isTrue();
        RunningKaraf.ClientResult gone = karaf.awaitOutput(PLUGIN_BOUND, "plugin:list",
                out -> out.lines().noneMatch(line -> line.startsWith("kvedit ")));
        assertThat(gone.output()).as("the plugin configured in etc/ stays").contains("kv ");
        assertThat(ProcessHandle.of(pluginPid).map(process -> process.onExit().orTimeout(
                        PLUGIN_BOUND.toMillis(), TimeUnit.MILLISECONDS).join().isAlive()))
                .as("the deleted plugin's process").isNotEqualTo(Optional.of(true));
    }

    @Test
    @Order(4)
    void jnaInstalledAfterTheFeaturesAndTheClientRefreshedStartsPluginsWithoutAThreadEach() throws Exception {
        long karafJvm = karafJvm();
        // what the README tells Karaf users to do to have plugins started through posix_spawn
        RunningKaraf.ClientResult install = karaf.client(COMMAND_BOUND,
                "bundle:install -s mvn:net.java.dev.jna/jna/" + System.getProperty("jna.version"));
        assertThat(install.ok()).as("bundle:install output:%n%s", install.output()).isTrue();
        karaf.awaitOutput(PLUGIN_BOUND, "bundle:list -s -t 0",
                out -> out.lines().anyMatch(line -> line.contains("com.sun.jna") && line.contains("Active")));
        assertThat(threadNames(karafJvm)).as("Karaf's threads before the client bundle is refreshed")
                .doesNotContain(REAPER_THREAD);

        String before = karaf.awaitOutput(PLUGIN_BOUND, "plugin:list",
                out -> out.lines().anyMatch(line -> line.startsWith("kv ") && line.contains("SERVING")))
                .output().lines().filter(l -> l.startsWith("kv ")).findFirst().orElseThrow();
        String pidBefore = before.split("\\s+")[2];

        // the client's optional import of JNA is wired only when the client bundle resolves again
        RunningKaraf.ClientResult refresh = karaf.client(COMMAND_BOUND, "bundle:refresh dev.rpcplugin.client");
        assertThat(refresh.ok()).as("bundle:refresh output:%n%s", refresh.output()).isTrue();
        // the refresh runs in the background: until it reaches the runtime, the incarnation from before is listed
        RunningKaraf.ClientResult serving = karaf.awaitOutput(PLUGIN_BOUND, "plugin:list",
                out -> out.lines().anyMatch(line -> line.startsWith("kv ") && line.contains("SERVING")
                        && !line.split("\\s+")[2].equals(pidBefore)));
        String listedPlugin = serving.output().lines().filter(l -> l.startsWith("kv ")).findFirst().orElseThrow();
        long pluginPid = Long.parseLong(listedPlugin.split("\\s+")[2]);

        assertThat(ProcessHandle.of(pluginPid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid))
                .as("the parent of the plugin process %s", listedPlugin).contains(karafJvm);
        assertThat(threadNames(karafJvm)).as("Karaf's threads with the plugin started after the refresh; log:%n%s",
                karaf.log()).contains(REAPER_THREAD);
        RunningKaraf.ClientResult kv = karaf.client(COMMAND_BOUND, "kv:get greeting");
        assertThat(kv.ok()).as("kv output:%n%s", kv.output()).isTrue();
        assertThat(kv.output()).contains("from-karaf");
    }

    /** The reaper thread's name as Linux keeps it: at most 15 bytes. */
    private static final String REAPER_THREAD = "rpcplugin-reape";

    private static long karafJvm() {
        return karaf.processTree().stream()
                .filter(pid -> ProcessHandle.of(pid).flatMap(p -> p.info().commandLine())
                        .filter(line -> line.contains("org.apache.karaf.main.Main")).isPresent())
                .findFirst().orElseThrow(() -> new AssertionError("no Karaf JVM in " + karaf.processTree()));
    }

    /** The names of a process's threads, as the kernel lists them. */
    private static List<String> threadNames(long pid) throws IOException {
        List<String> names = new ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    names.add(Files.readString(task.resolve("comm")).strip());
                } catch (IOException ended) {
                    // the thread ended while the list was read
                }
            }
        }
        return names;
    }

    /** The Java KV example plugin's launcher, as the container distribution ships it. */
    private static Path kvPluginCommand() {
        Path launcher = property("karaf.tests.javaKvPlugin");
        assertThat(launcher).as("the Java KV plugin's launcher in the container distribution").isExecutable();
        try {
            return launcher.toRealPath();
        } catch (IOException e) {
            throw new AssertionError("cannot resolve " + launcher, e);
        }
    }
}
