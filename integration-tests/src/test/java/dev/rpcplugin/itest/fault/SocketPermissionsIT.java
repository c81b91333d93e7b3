package dev.rpcplugin.itest.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rpcplugin.client.PluginClient;
import dev.rpcplugin.client.PluginHost;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A plugin started by the client (the Java KV example) listens on a socket that only its user can
 * reach: every directory from the host's private socket directory down is 0700 and the socket file is
 * 0600, all owned by this user. A second local user (uid 65534, through util-linux's {@code setpriv})
 * cannot connect, not even with the directories opened for traversal, while the same probe connects
 * to a socket that allows it and this user connects to the plugin. Needs root to switch users (as in
 * CI); otherwise only the permissions are checked and the test is reported as skipped, saying why.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SocketPermissionsIT {

    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    private static final String NOBODY = "65534";
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_SOCKET = PosixFilePermissions.fromString("rw-------");

    @Test
    void theSocketOfAPluginIsTheUsersAloneAndAnotherUserCannotConnect() throws Exception {
        try (ScratchDirectory scratch = ScratchDirectory.create("fsp")) {
            // open above the host's directory, so that only the directories the host and plugin make can refuse
            Files.setPosixFilePermissions(scratch.path(), PosixFilePermissions.fromString("rwxr-xr-x"));
            Path parent = scratch.directory("s");
            Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
            try (PluginHost host = PluginHost.builder().socketDirectoryParent(parent).build()) {
                PluginClient plugin = PluginClient.builder(host).command(FaultPrograms.example("kv-plugin").toString())
                        .magicCookie("BASIC_PLUGIN", "hello")
                        .hostEnvironmentAllowList(List.of("PATH", "HOME", "JAVA_HOME"))
                        .environment("KV_PLUGIN_MEMORY", "1")
                        .environment("TMPDIR", scratch.path().toString())
                        .startTimeout(Duration.ofSeconds(60))
                        // exit 0 is asserted: a JVM on a loaded machine may need more than the default 2 s
                        .stopGrace(Duration.ofSeconds(10))
                        .build().start();
                try {
                    Path socket = Path.of(plugin.address());
                    List<Path> privateDirectories = new ArrayList<>();
                    for (Path dir = socket.getParent(); !dir.equals(parent); dir = dir.getParent()) {
                        privateDirectories.add(0, dir);
                    }
                    long uid = uid(Path.of("/proc/self"));
                    System.out.println("fault: plugin socket " + socket + ": " + describe(socket) + "; directories "
                            + privateDirectories.stream().map(d -> d.getFileName() + " " + describe(d)).toList());
                    assertThat(privateDirectories).as("the host's socket directory, then the plugin's").isNotEmpty();
                    for (Path dir : privateDirectories) {
                        assertThat(Files.getPosixFilePermissions(dir)).as("permissions of " + dir)
                                .isEqualTo(OWNER_ONLY_DIRECTORY);
                        assertThat(uid(dir)).as("owner of " + dir).isEqualTo(uid);
                    }
                    assertThat(Files.getPosixFilePermissions(socket)).as("permissions of " + socket)
                            .isEqualTo(OWNER_ONLY_SOCKET);
                    assertThat(uid(socket)).as("owner of " + socket).isEqualTo(uid);

                    // reported as skipped, not passed: the permissions were checked, the second user was not
                    assumeTrue(uid == 0 && Files.isExecutable(SETPRIV), () -> "the second-user connect attempt needs"
                            + " root and " + SETPRIV + " (uid " + uid + "): only the permissions were checked");
                    Path probeClasses = probeClasses(scratch.path());
                    assertThat(probe(probeClasses, socket, false)).as("this user connects to the plugin")
                            .isEqualTo("connected");
                    String denied = probe(probeClasses, socket, true);
                    System.out.println("fault: uid " + NOBODY + " connecting to the plugin: " + denied);
                    assertThat(denied).isEqualTo("refused: Permission denied");

                    // with every directory traversable, the socket file's own 0600 still refuses
                    for (Path dir : privateDirectories) {
                        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
                    }
                    String deniedBySocket = probe(probeClasses, socket, true);
                    System.out.println("fault: uid " + NOBODY + " with the directories opened to 0711: " + deniedBySocket);
                    assertThat(deniedBySocket).isEqualTo("refused: Permission denied");

                    assertThat(probeOpenSocket(scratch.path(), probeClasses))
                            .as("uid " + NOBODY + " connecting to a socket that lets everyone in").isEqualTo("connected");
                } finally {
                    plugin.kill();
                }
                assertThat(plugin.awaitExit(Duration.ofSeconds(10))).hasValue(0);
            }
        }
    }

    /** Same probe against a socket of this test with mode 0777 in a 0755 directory: the probe itself works. */
    private static String probeOpenSocket(Path scratch, Path probeClasses) throws Exception {
        Path dir = Files.createDirectory(scratch.resolve("open"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path socket = dir.resolve("sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rwxrwxrwx"));
            return probe(probeClasses, socket, true);
        }
    }

    /** Runs {@link UnixConnectProbe} on {@code socket}, as uid/gid 65534 when {@code asNobody}. */
    private static String probe(Path probeClasses, Path socket, boolean asNobody) throws Exception {
        List<String> command = new ArrayList<>();
        if (asNobody) {
            command.addAll(List.of(SETPRIV.toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
        }
        command.addAll(List.of(FaultPrograms.jdk("java").toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-XX:-UsePerfData", "-cp", probeClasses.toString(), UnixConnectProbe.class.getName(),
                socket.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the connect probe did not end within 30 s: " + command);
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int exit = process.exitValue();
            assertThat(exit).as("probe exit status; output: " + output).isIn(0, UnixConnectProbe.REFUSED);
            return output;
        } finally {
            process.destroyForcibly();
        }
    }

    /** A world-readable copy of the probe's class, so that another user's JVM can load it. */
    private static Path probeClasses(Path scratch) throws IOException {
        Path root = scratch.resolve("probe");
        Path dir = root;
        for (String part : UnixConnectProbe.class.getPackageName().split("\\.")) {
            dir = dir.resolve(part);
        }
        Files.createDirectories(dir);
        Path file = dir.resolve(UnixConnectProbe.class.getSimpleName() + ".class");
        try (InputStream bytes = UnixConnectProbe.class.getResourceAsStream(file.getFileName().toString())) {
            Files.copy(bytes, file);
        }
        for (Path p = dir; p.startsWith(root); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        return root;
    }

    private static long uid(Path path) throws IOException {
        return ((Number) Files.getAttribute(path, "unix:uid")).longValue();
    }

    private static String describe(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path)) + " uid " + uid(path);
        } catch (IOException e) {
            return "<" + e + ">";
        }
    }
}
