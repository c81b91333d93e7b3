package dev.rpcplugin.examples.counter.host;

import dev.rpcplugin.examples.counter.CounterGrpc;
import dev.rpcplugin.examples.counter.GetRequest;
import dev.rpcplugin.examples.counter.PutRequest;
import dev.rpcplugin.examples.support.CommandFailedException;
import dev.rpcplugin.examples.support.CommandLineHost;
import dev.rpcplugin.examples.support.HostCommand;
import dev.rpcplugin.examples.support.HostSession;
import dev.rpcplugin.protocol.Broker;
import dev.rpcplugin.protocol.BrokerException;
import dev.rpcplugin.transport.PluginListener;
import java.util.List;

/**
 * The broker demo's host (go-plugin's bidirectional example): {@code counter-host put KEY N} serves
 * {@code AddHelper} on a fresh broker id, passes the id in {@code PutRequest.add_server}, and the
 * plugin dials it back to add; {@code counter-host get KEY} prints the counter; {@code ping}. The
 * plugin command comes from {@code COUNTER_PLUGIN} ({@code sh -c}); {@code COUNTER_MTLS=1} turns on
 * AutoMTLS, for the brokered connection too; {@code COUNTER_HOST_LOG_LEVEL} sets the log level
 * (default info). Started by {@code bin/counter-host}.
 */
public final class CounterHost {

    private CounterHost() {
    }

    /**
     * Runs one command and exits: 0 on success, 1 on any failure.
     *
     * @param args the command and its arguments
     */
    public static void main(String[] args) {
        host().runAndExit(args);
    }

    static CommandLineHost host() {
        return CommandLineHost.builder("counter-host")
                .usage("usage: counter-host put KEY N | get KEY | ping")
                .environment("COUNTER_PLUGIN", "COUNTER_MTLS", "COUNTER_HOST_LOG_LEVEL")
                .handshake("BASIC_PLUGIN", "hello", 1)
                .command("put", 2, new Put())
                .command("get", 1, CounterHost::get)
                .build();
    }

    private static void get(HostSession session, List<String> args) throws CommandFailedException {
        CounterGrpc.CounterBlockingStub counter = session.stub(CounterGrpc::newBlockingStub);
        long value = session.call("get \"" + args.get(0) + "\"",
                () -> counter.get(GetRequest.newBuilder().setKey(args.get(0)).build())).getValue();
        session.out().println(value);
    }

    /** {@code put KEY N}: N must be a 64-bit integer. */
    private static final class Put implements HostCommand {

        @Override
        public void check(List<String> args) {
            number(args.get(1));
        }

        @Override
        public void run(HostSession session, List<String> args) throws CommandFailedException, BrokerException {
            CounterGrpc.CounterBlockingStub counter = session.stub(CounterGrpc::newBlockingStub);
            Broker broker = session.client().broker();
            int id = broker.nextId();
            try (PluginListener adder = broker.acceptAndServe(id, new AddHelperService(session.logger()))) {
                PutRequest request = PutRequest.newBuilder()
                        .setAddServer(id)
                        .setKey(args.get(0))
                        .setValue(number(args.get(1)))
                        .build();
                session.call("put \"" + args.get(0) + "\"", () -> counter.put(request));
            }
        }

        private static long number(String text) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("put: N must be a 64-bit integer, got \"" + text + "\"");
            }
        }
    }
}
