package dev.rpcplugin.protocol;

import dev.rpcplugin.transport.ListenerOptions;
import dev.rpcplugin.transport.Network;
import dev.rpcplugin.transport.TransportResources;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * How one side's {@link Broker} listens and dials: the shared transport resources, the network and
 * listener options for accepted connections (use the main connection's network: Unix sockets in the
 * plugin's socket directory, or TCP on 127.0.0.1), optional {@link BrokerTls}, and go-plugin's two
 * 5-second waits, and where the callbacks of dialled channels run. Immutable; the {@code with…}
 * methods return copies.
 */
public final class BrokerOptions {

    /** go-plugin's wait for a connection info in {@code Dial}. */
    public static final Duration DEFAULT_DIAL_TIMEOUT = Duration.ofSeconds(5);
    /** go-plugin's retention of a connection info nobody dialled. */
    public static final Duration DEFAULT_INFO_RETENTION = Duration.ofSeconds(5);

    private final TransportResources resources;
    private final Network network;
    private final ListenerOptions listenerOptions;
    private final BrokerTls tls;
    private final Duration dialTimeout;
    private final Duration infoRetention;
    private final Executor callbackExecutor;

    private BrokerOptions(TransportResources resources, Network network, ListenerOptions listenerOptions,
            BrokerTls tls, Duration dialTimeout, Duration infoRetention, Executor callbackExecutor) {
        this.resources = Objects.requireNonNull(resources, "resources");
        this.network = Objects.requireNonNull(network, "network");
        this.listenerOptions = Objects.requireNonNull(listenerOptions, "listenerOptions");
        this.tls = tls;
        this.dialTimeout = positive(dialTimeout, "dialTimeout");
        this.infoRetention = positive(infoRetention, "infoRetention");
        this.callbackExecutor = callbackExecutor;
    }

    /**
     * Plaintext options with go-plugin's waits.
     *
     * @param resources the event loops every brokered listener and channel runs on; not closed by the broker
     * @param network where accepted connections listen: {@link Network#UNIX} or {@link Network#TCP}
     * @param listenerOptions socket directory parent and group (Unix), port range (TCP)
     * @return the options
     */
    public static BrokerOptions of(TransportResources resources, Network network, ListenerOptions listenerOptions) {
        return new BrokerOptions(resources, network, listenerOptions, null, DEFAULT_DIAL_TIMEOUT,
                DEFAULT_INFO_RETENTION, null);
    }

    /**
     * @param brokerTls TLS for accepted and dialled connections, or {@code null} for plaintext
     * @return a copy with that TLS
     */
    public BrokerOptions withTls(BrokerTls brokerTls) {
        return new BrokerOptions(resources, network, listenerOptions, brokerTls, dialTimeout, infoRetention,
                callbackExecutor);
    }

    /**
     * @param timeout how long {@link Broker#dial} waits for the peer's connection info; positive
     * @return a copy with that timeout
     * @throws IllegalArgumentException if not positive
     */
    public BrokerOptions withDialTimeout(Duration timeout) {
        return new BrokerOptions(resources, network, listenerOptions, tls, timeout, infoRetention, callbackExecutor);
    }

    /**
     * @param retention how long a received connection info waits for a dial before it is dropped; positive
     * @return a copy with that retention
     * @throws IllegalArgumentException if not positive
     */
    public BrokerOptions withInfoRetention(Duration retention) {
        return new BrokerOptions(resources, network, listenerOptions, tls, dialTimeout, retention, callbackExecutor);
    }

    /**
     * @param executor where the callbacks of async stubs on channels from {@link Broker#dial} run, as
     *     {@code ManagedChannelBuilder.executor}; {@code Runnable::run} for a direct executor
     * @return a copy with that executor
     */
    public BrokerOptions withCallbackExecutor(Executor executor) {
        return new BrokerOptions(resources, network, listenerOptions, tls, dialTimeout, infoRetention,
                Objects.requireNonNull(executor, "executor"));
    }

    /** The shared event loops. */
    public TransportResources resources() {
        return resources;
    }

    /** The network accepted connections listen on. */
    public Network network() {
        return network;
    }

    /** Socket directory, group and port range for accepted connections. */
    public ListenerOptions listenerOptions() {
        return listenerOptions;
    }

    /** TLS for brokered connections; empty for plaintext. */
    public Optional<BrokerTls> tls() {
        return Optional.ofNullable(tls);
    }

    /** How long a dial waits for the peer's connection info. */
    public Duration dialTimeout() {
        return dialTimeout;
    }

    /** How long an unclaimed connection info is kept. */
    public Duration infoRetention() {
        return infoRetention;
    }

    /** Where the callbacks on dialled channels run; empty for grpc-java's shared pool. */
    public Optional<Executor> callbackExecutor() {
        return Optional.ofNullable(callbackExecutor);
    }

    @Override
    public String toString() {
        return "BrokerOptions[network=" + network + ", " + listenerOptions + ", tls=" + (tls != null)
                + ", dialTimeout=" + dialTimeout + ", infoRetention=" + infoRetention + "]";
    }

    private static Duration positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        return value;
    }
}
