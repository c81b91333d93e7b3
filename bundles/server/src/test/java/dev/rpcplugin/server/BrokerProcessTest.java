package dev.rpcplugin.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rpcplugin.protocol.Broker;
import dev.rpcplugin.protocol.BrokerOptions;
import dev.rpcplugin.protocol.BrokerTls;
import dev.rpcplugin.security.AutoMtlsCertificates;
import dev.rpcplugin.security.Der;
import dev.rpcplugin.security.TlsContexts;
import dev.rpcplugin.security.TlsIdentity;
import dev.rpcplugin.transport.ListenerOptions;
import dev.rpcplugin.transport.Network;
import io.grpc.protobuf.services.HealthStatusManager;
import java.security.cert.X509Certificate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The plugin's broker, handed to its services through {@link ServeContext}, dials a service the host
 * accepted on a broker id (go-plugin's bidirectional example), in plaintext and with AutoMTLS.
 */
class BrokerProcessTest {

    @Test
    void pluginDialsBackToTheHost() throws Exception {
        try (PluginProcess plugin = PluginProcess.start(PluginProcess.hostEnvironment());
                HostSide host = new HostSide(plugin.nextStdoutLine().split("\\|", -1))) {
            BrokerOptions options = BrokerOptions.of(host.resources(), Network.UNIX, ListenerOptions.defaults());
            assertDialBack(plugin, host, options);
        }
    }

    @Test
    void pluginDialsBackToTheHostWithAutoMtls() throws Exception {
        TlsIdentity hostIdentity = AutoMtlsCertificates.generate();
        Map<String, String> env = PluginProcess.hostEnvironment();
        env.put("PLUGIN_CLIENT_CERT", hostIdentity.certificatePem());
        try (PluginProcess plugin = PluginProcess.start(env)) {
            String[] fields = plugin.nextStdoutLine().split("\\|", -1);
            X509Certificate pluginCert = Der.decodeBase64Certificate(fields[5], "handshake field 6");
            try (HostSide host = new HostSide(fields, TlsContexts.client(hostIdentity, pluginCert))) {
                BrokerTls tls = new BrokerTls(TlsContexts.server(hostIdentity, pluginCert),
                        TlsContexts.client(hostIdentity, pluginCert));
                BrokerOptions options = BrokerOptions.of(host.resources(), Network.UNIX, ListenerOptions.defaults())
                        .withTls(tls);
                assertDialBack(plugin, host, options);
            }
        }
    }

    private static void assertDialBack(PluginProcess plugin, HostSide host, BrokerOptions options) throws Exception {
        try (Broker broker = Broker.forHost(host.channel(), options)) {
            int id = broker.nextId();
            broker.acceptAndServe(id, new HealthStatusManager().getHealthService());
            host.put("dial", Integer.toString(id));
            assertThat(host.get("dial-result")).isEqualTo("SERVING");
        }
        host.shutdown();
        assertThat(plugin.awaitExit(PluginProcess.START_TIMEOUT)).isZero();
    }
}
