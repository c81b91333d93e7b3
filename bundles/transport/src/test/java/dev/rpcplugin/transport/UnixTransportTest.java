package dev.rpcplugin.transport;

import dev.rpcplugin.transport.internal.PrivateSocketDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnixTransportTest extends WithTransportResources {

    @TempDir
    Path parent;

    private PluginServerBuilder serverBuilder(ListenerOptions options) {
        return PluginServerBuilder.forNetwork(resources, Network.UNIX, options)
                .addService(Health.servingPlugin().getHealthService())
                .directExecutor();
    }

    private ListenerOptions options() {
        return ListenerOptions.defaults().withSocketDirectoryParent(parent);
    }

    @Test
    void healthCheckAnswersServingOverUnixSocket() throws Exception {
        try (PluginListener listener = serverBuilder(options()).start()) {
            assertThat(listener.network()).isEqualTo(Network.UNIX);
            assertThat(listener.isTls()).isFalse();
            Path socket = Path.of(listener.address());
            assertThat(socket).isAbsolute();
            assertThat(socket.getFileName().toString()).matches("plugin\\d{10}");
            assertThat(socket.getParent().getFileName().toString()).matches("rpcplugin\\d{10}");
            assertThat(socket.getParent().getParent()).isEqualTo(parent);
            assertThat(listener.pluginAddress().toString()).isEqualTo("unix|" + socket);

            assertServing(PluginChannelBuilder.forAddress(resources, "unix", listener.address()).build());
        }
    }

    @Test
    void neitherSideAsksNettyForTcpKeepAliveOnAUnixSocket() throws Exception {
        // Netty warns once per connection about an option a Unix socket does not have
        java.util.logging.Logger bootstrapLog = java.util.logging.Logger.getLogger("io.grpc.netty.shaded.io.netty.bootstrap");
        java.util.List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler recorder = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                warnings.add(String.valueOf(record.getMessage()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        bootstrapLog.addHandler(recorder);
        try (PluginListener listener = serverBuilder(options()).start()) {
            assertServing(PluginChannelBuilder.forAddress(resources, "unix", listener.address()).build());
        } finally {
            bootstrapLog.removeHandler(recorder);
        }
        assertThat(warnings).noneMatch(message -> message.contains("SO_KEEPALIVE"));
    }

    @Test
    void aSocketPathThatIsNotAsciiCanBeDialled() throws Exception {
        Path named = Files.createDirectory(parent.resolve("tmp-\u00e4\u00f6\u00fc-\u20ac 100%"));
        ListenerOptions options = ListenerOptions.defaults().withSocketDirectoryParent(named);
        try (PluginListener listener = serverBuilder(options).start()) {
            assertThat(listener.address()).startsWith(named.toString());
            assertServing(PluginChannelBuilder.forAddress(resources, "unix", listener.address()).build());
        }
    }

    @Test
    void directoryIsOwnerOnlyAndSocketIs0600() throws Exception {
        try (PluginListener listener = serverBuilder(options()).start()) {
            Path socket = Path.of(listener.address());
            assertThat(attributes(socket.getParent()).permissions())
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
            PosixFileAttributes socketAttributes = attributes(socket);
            assertThat(socketAttributes.isOther()).as("a socket is neither file nor directory").isTrue();
            assertThat(socketAttributes.permissions()).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void socketGroupByNameGivesGroupAccess() throws Exception {
        String group = ownPrimaryGroup().getName();
        try (PluginListener listener = serverBuilder(options().withSocketGroup(group)).start()) {
            Path socket = Path.of(listener.address());
            assertThat(attributes(socket).permissions()).isEqualTo(PosixFilePermissions.fromString("rw-rw----"));
            assertThat(attributes(socket).group().getName()).isEqualTo(group);
            assertThat(attributes(socket.getParent()).permissions())
                    .isEqualTo(PosixFilePermissions.fromString("rwxr-x---"));
            assertThat(attributes(socket.getParent()).group().getName()).isEqualTo(group);
            assertServing(listener);
        }
    }

    @Test
    void socketGroupByNumericGid() throws Exception {
        Path probe = Files.createFile(parent.resolve("probe"));
        int gid = (Integer) Files.getAttribute(probe, "unix:gid");
        Files.delete(probe);
        try (PluginListener listener = serverBuilder(options().withSocketGroup(Integer.toString(gid))).start()) {
            assertThat(Files.getAttribute(Path.of(listener.address()), "unix:gid", LinkOption.NOFOLLOW_LINKS))
                    .isEqualTo(gid);
        }
    }

    @Test
    void unknownSocketGroupFailsBeforeCreatingAnything() {
        assertThatThrownBy(() -> serverBuilder(options().withSocketGroup("no-such-group-rpcplugin")).start())
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("unknown unix socket group 'no-such-group-rpcplugin'");
        assertThat(parent).isEmptyDirectory();
    }

    @Test
    void closeDeletesSocketAndDirectory() throws Exception {
        PluginListener listener = serverBuilder(options()).start();
        Path socket = Path.of(listener.address());
        assertThat(socket).exists();
        assertThat(listener.shutdown(PluginListener.DEFAULT_SHUTDOWN_GRACE)).isTrue();
        assertThat(listener.isTerminated()).isTrue();
        assertThat(socket).doesNotExist();
        assertThat(parent).isEmptyDirectory();
        listener.close(); // idempotent
    }

    @Test
    void closeLeavesFilesItDidNotCreate() throws Exception {
        PluginListener listener = serverBuilder(options()).start();
        Path foreign = Files.createFile(Path.of(listener.address()).resolveSibling("foreign"));
        listener.close();
        assertThat(foreign).exists();
        assertThat(Path.of(listener.address())).doesNotExist();
    }

    @Test
    void failedBindDeletesDirectory() throws Exception {
        PrivateSocketDirectory directory = PrivateSocketDirectory.create(parent, Optional.empty());
        // Netty unlinks a file at the socket path before binding, but not a directory: bind fails
        Files.createDirectory(directory.socketPath());
        assertThatThrownBy(() -> serverBuilder(options()).startUnix(directory))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("couldn't bind plugin unix listener at " + directory.socketPath());
        assertThat(parent).isEmptyDirectory();
    }

    @Test
    void tooLongSocketPathFailsBeforeCreatingAnything() throws Exception {
        Path deep = Files.createDirectories(parent.resolve("d".repeat(90)));
        assertThatThrownBy(() -> serverBuilder(options().withSocketDirectoryParent(deep)).start())
                .isInstanceOfSatisfying(SocketPathTooLongException.class, e -> {
                    assertThat(e.limit()).isEqualTo(107);
                    assertThat(e.length()).isGreaterThan(107);
                    assertThat(e.path().getParent().getParent()).isEqualTo(deep);
                    assertThat(e).hasMessageContaining(e.path().toString())
                            .hasMessageContaining(e.length() + " bytes")
                            .hasMessageContaining("limit of 107 bytes")
                            .hasMessageContaining("PLUGIN_UNIX_SOCKET_DIR");
                });
        assertThat(deep).isEmptyDirectory();
    }

    @Test
    void socketPathOfExactly107BytesIsAccepted() throws Exception {
        // socket path = parent + "/rpcplugin" + 10 digits + "/plugin" + 10 digits = parent + 37 bytes
        Path exact = parentOfLength(107 - 37);
        try (PluginListener listener = serverBuilder(options().withSocketDirectoryParent(exact)).start()) {
            assertThat(listener.address()).hasSize(107);
            assertServing(listener);
        }
        Path oneTooLong = parentOfLength(108 - 37);
        assertThatThrownBy(() -> serverBuilder(options().withSocketDirectoryParent(oneTooLong)).start())
                .isInstanceOfSatisfying(SocketPathTooLongException.class, e -> assertThat(e.length()).isEqualTo(108));
    }

    @Test
    void missingParentDirectoryIsAClearError() {
        Path missing = parent.resolve("missing");
        assertThatThrownBy(() -> serverBuilder(options().withSocketDirectoryParent(missing)).start())
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("socket directory parent " + missing + " does not exist");
    }

    @Test
    void builderStartsOnlyOnce() throws Exception {
        PluginServerBuilder builder = serverBuilder(options());
        try (PluginListener ignored = builder.start()) {
            assertThatThrownBy(builder::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already been started");
        }
    }

    private Path parentOfLength(int length) throws IOException {
        int padding = length - parent.toString().length() - 1;
        assertThat(padding).as("temp dir %s leaves room for the padding", parent).isPositive();
        return Files.createDirectories(parent.resolve("p".repeat(padding)));
    }

    private void assertServing(PluginListener listener) throws InterruptedException {
        assertServing(PluginChannelBuilder.forAddress(resources, listener.pluginAddress()).build());
    }

    private java.nio.file.attribute.GroupPrincipal ownPrimaryGroup() throws IOException {
        Path probe = Files.createFile(parent.resolve("probe"));
        try {
            return attributes(probe).group();
        } finally {
            Files.delete(probe);
        }
    }

    private static PosixFileAttributes attributes(Path path) throws IOException {
        return Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }
}
