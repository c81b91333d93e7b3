package dev.rpcplugin.client.testplugin;

import dev.rpcplugin.protocol.Broker;
import dev.rpcplugin.protocol.BrokerOptions;
import dev.rpcplugin.protocol.BrokerTls;
import dev.rpcplugin.protocol.ControllerService;
import dev.rpcplugin.protocol.LargeMessageParsing;
import dev.rpcplugin.protocol.StdioService;
import dev.rpcplugin.transport.ListenerOptions;
import dev.rpcplugin.transport.Network;
import dev.rpcplugin.transport.TransportResources;
import dev.rpcplugin.security.AutoMtlsCertificates;
import dev.rpcplugin.security.Pem;
import dev.rpcplugin.security.TlsContexts;
import dev.rpcplugin.security.TlsIdentity;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.ByteArrayInputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A minimal go-plugin plugin written with plain grpc-java, for the client's tests: cookie
 * {@code BASIC_PLUGIN=hello}, app versions from {@code TEST_PLUGIN_VERSIONS} (default {@code 1}), a Unix
 * socket in {@code PLUGIN_UNIX_SOCKET_DIR}, AutoMTLS when {@code PLUGIN_CLIENT_CERT} is set, health,
 * controller and {@link EchoService}. {@code TEST_PLUGIN_MODE} makes it misbehave:
 * {@code hang-shutdown} (Shutdown never answers and nothing stops), {@code no-tls} (ignores
 * {@code PLUGIN_CLIENT_CERT}), {@code not-serving} (health says NOT_SERVING), {@code silent-health}
 * (health checks never answer; each creates the file {@code TEST_PLUGIN_ASKED} names), {@code bind-silently}
 * (listens as go-plugin before 1.5 does, on {@code $TMPDIR/plugin<digits>}, but prints no handshake line).
 * {@code TEST_PLUGIN_TLS_CERT}, {@code _KEY} and {@code _TRUST} (PEM) configure explicit TLS instead of
 * AutoMTLS.
 */
public final class TestPlugin {

    private static final java.time.format.DateTimeFormatter STAMP =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSXXX");

    private TestPlugin() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        PrintStream stdout = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream stderr = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        if (!"hello".equals(env.get("BASIC_PLUGIN"))) {
            stderr.println("This binary is a plugin. These are not meant to be executed directly.");
            System.exit(1);
        }
        String mode = env.getOrDefault("TEST_PLUGIN_MODE", "normal");
        int version = negotiate(env.getOrDefault("TEST_PLUGIN_VERSIONS", "1"), env.getOrDefault("PLUGIN_PROTOCOL_VERSIONS", ""));
        Path dir = Path.of(env.getOrDefault("PLUGIN_UNIX_SOCKET_DIR", "/tmp"));
        Path socket = (mode.equals("bind-silently") ? Path.of(env.getOrDefault("TMPDIR", "/tmp")) : dir)
                .resolve("plugin" + ThreadLocalRandom.current().nextInt(1_000_000_000));

        TransportResources transport = TransportResources.create(1);
        EpollEventLoopGroup group = new EpollEventLoopGroup(1);
        HealthStatusManager health = new HealthStatusManager();
        Server[] server = new Server[1];
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollServerDomainSocketChannel.class)
                .bossEventLoopGroup(group)
                .workerEventLoopGroup(group)
                .directExecutor()
                .addService(mode.equals("silent-health")
                        ? new SilentHealth(env.containsKey("TEST_PLUGIN_ASKED") ? Path.of(env.get("TEST_PLUGIN_ASKED")) : null)
                        : health.getHealthService());
        if (mode.equals("hang-shutdown")) {
            builder.addService(new HangingController());
        } else {
            builder.addService(new ControllerService(() -> {
                server[0].shutdownNow();
                Runtime.getRuntime().halt(0);
            }));
        }
        String certField = "";
        String hostCertPem = env.getOrDefault("PLUGIN_CLIENT_CERT", "");
        X509Certificate hostCert = null;
        TlsIdentity identity = null;
        if (env.containsKey("TEST_PLUGIN_TLS_CERT")) {
            // explicit TLS, configured by the app: nothing is printed in field 6
            identity = TlsIdentity.of(Pem.decodeCertificate(env.get("TEST_PLUGIN_TLS_CERT"), "TEST_PLUGIN_TLS_CERT"),
                    Pem.decodePrivateKey(env.get("TEST_PLUGIN_TLS_KEY"), "TEST_PLUGIN_TLS_KEY"));
            hostCert = Pem.decodeCertificate(env.get("TEST_PLUGIN_TLS_TRUST"), "TEST_PLUGIN_TLS_TRUST");
            builder.sslContext(TlsContexts.server(identity, hostCert));
        } else if (!hostCertPem.isEmpty() && !mode.equals("no-tls")) {
            hostCert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(hostCertPem.getBytes(StandardCharsets.US_ASCII)));
            TlsIdentity own = AutoMtlsCertificates.generate();
            identity = own;
            builder.sslContext(GrpcSslContexts.configure(
                    SslContextBuilder.forServer(own.privateKey(), own.certificate()), SslProvider.JDK)
                    .trustManager(hostCert).clientAuth(ClientAuth.REQUIRE).build());
            certField = own.certificateBase64();
        }
        StdioService stdio = new StdioService();
        BrokerOptions brokerOptions = BrokerOptions.of(transport, Network.UNIX,
                ListenerOptions.defaults().withSocketDirectoryParent(dir));
        if (identity != null) {
            brokerOptions = brokerOptions.withTls(BrokerTls.of(identity, hostCert));
        }
        Broker broker = Broker.forPlugin(brokerOptions);
        builder.addService(stdio).addService(broker.service())
                // as the plugin SDK registers app services
                .addService(LargeMessageParsing.requests(
                        new EchoService(stdout, stderr, stdio, broker).bindService()));
        server[0] = builder.build().start();
        health.setStatus("plugin", mode.equals("not-serving") ? ServingStatus.NOT_SERVING : ServingStatus.SERVING);
        stderr.println("{\"@level\":\"debug\",\"@message\":\"plugin address\",\"@timestamp\":\""
                + java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).format(STAMP)
                + "\",\"address\":\"" + socket + "\",\"network\":\"unix\"}");
        if (!mode.equals("bind-silently")) {
            stdout.print("1|" + version + "|unix|" + socket + "|grpc|" + certField + "\n");
            stdout.flush();
        }
        server[0].awaitTermination();
        Files.deleteIfExists(socket);
        System.exit(0);
    }

    // go-plugin's rule: highest own version the host also has, else the lowest own version
    private static int negotiate(String own, String host) {
        int[] ours = Arrays.stream(own.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).sorted().toArray();
        int[] theirs = host.isBlank() ? new int[0]
                : Arrays.stream(host.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        for (int i = ours.length - 1; i >= 0; i--) {
            for (int h : theirs) {
                if (h == ours[i]) {
                    return ours[i];
                }
            }
        }
        return ours[0];
    }
}
