package dev.rpcplugin.protocol;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.Marshaller;
import io.grpc.MethodDescriptor.PrototypeMarshaller;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Parses large protobuf messages received on plugin connections with one copy where grpc-java's
 * protobuf marshaller makes two.
 *
 * <p>grpc-java copies every received message into a reusable per-thread array and protobuf then copies
 * each {@code bytes} field out of it into an array of its own. For a message of
 * {@link #THRESHOLD_BYTES} or more, the marshallers made here read it once into an array of its own and
 * let protobuf's {@code bytes} fields (and unknown length-delimited fields) share that array instead of
 * copying. Everything else is parsed exactly as grpc-java does: smaller messages, streams of unknown
 * length, in-process messages and marshallers that are not protobuf's are left to the original
 * marshaller. Extensions are
 * parsed with the empty registry, grpc-java's default.
 *
 * <p>The one difference a caller can see: a {@code ByteString} taken from such a message keeps the whole
 * message's array reachable while it is referenced.
 */
public final class LargeMessageParsing {

    /** Messages from this size on are parsed with one copy. */
    public static final int THRESHOLD_BYTES = 16 * 1024;

    private static final ClientInterceptor RESPONSES = new ResponseParsing();

    private LargeMessageParsing() {
    }

    /**
     * An interceptor that parses the responses of protobuf methods with one copy; add it to a channel
     * that receives large messages.
     *
     * @return a shared, stateless interceptor
     */
    public static ClientInterceptor responses() {
        return RESPONSES;
    }

    /**
     * The same service with the requests of its protobuf methods parsed with one copy.
     *
     * @param service the service as registered
     * @return a definition with the same handlers and method names
     */
    public static ServerServiceDefinition requests(ServerServiceDefinition service) {
        Objects.requireNonNull(service, "service");
        List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
        boolean changed = false;
        for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
            ServerMethodDefinition<?, ?> parsed = withParsedRequests(method);
            changed |= parsed != method;
            methods.add(parsed);
        }
        if (!changed) {
            return service;
        }
        // a service definition must hold the very descriptors its service descriptor lists
        ServiceDescriptor original = service.getServiceDescriptor();
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getName())
                .setSchemaDescriptor(original.getSchemaDescriptor());
        methods.forEach(method -> descriptor.addMethod(method.getMethodDescriptor()));
        ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(builder::addMethod);
        return builder.build();
    }

    private static <Q, R> ServerMethodDefinition<Q, R> withParsedRequests(ServerMethodDefinition<Q, R> method) {
        MethodDescriptor<Q, R> descriptor = method.getMethodDescriptor();
        Marshaller<Q> requests = oneCopy(descriptor.getRequestMarshaller());
        if (requests == descriptor.getRequestMarshaller()) {
            return method;
        }
        return ServerMethodDefinition.create(descriptor.toBuilder().setRequestMarshaller(requests).build(),
                method.getServerCallHandler());
    }

    /**
     * A marshaller that parses like {@code marshaller} but with one copy for large messages, or
     * {@code marshaller} itself when it is not protobuf's.
     *
     * @param marshaller a method's request or response marshaller
     * @param <T> the message type
     * @return the marshaller to use
     */
    public static <T> Marshaller<T> oneCopy(Marshaller<T> marshaller) {
        if (marshaller instanceof OneCopyMarshaller<T>
                || !(marshaller instanceof PrototypeMarshaller<T> prototyped)
                || !(prototyped.getMessagePrototype() instanceof MessageLite prototype)) {
            return marshaller;
        }
        @SuppressWarnings("unchecked") // the prototype's parser makes messages of the prototype's type
        Parser<T> parser = (Parser<T>) prototype.getParserForType();
        return new OneCopyMarshaller<>(prototyped, parser);
    }

    private static final class ResponseParsing implements ClientInterceptor {

        // No cache of the replaced descriptors: a shared one would keep consumers' generated classes (and in
        // OSGi their bundles' class loaders) reachable; replacing costs a few small objects per call.
        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options,
                Channel next) {
            Marshaller<R> responses = oneCopy(method.getResponseMarshaller());
            MethodDescriptor<Q, R> parsed = responses == method.getResponseMarshaller() ? method
                    : method.toBuilder().setResponseMarshaller(responses).build();
            return next.newCall(parsed, options);
        }
    }

    private static final class OneCopyMarshaller<T> implements PrototypeMarshaller<T> {

        private final PrototypeMarshaller<T> original;
        private final Parser<T> parser;

        OneCopyMarshaller(PrototypeMarshaller<T> original, Parser<T> parser) {
            this.original = original;
            this.parser = parser;
        }

        @Override
        public T getMessagePrototype() {
            return original.getMessagePrototype();
        }

        @Override
        public Class<T> getMessageClass() {
            return original.getMessageClass();
        }

        @Override
        public InputStream stream(T value) {
            return original.stream(value);
        }

        @Override
        public T parse(InputStream stream) {
            // a Drainable stream is a marshaller's own (in-process calls), which the original may just unwrap
            if (!(stream instanceof KnownLength) || stream instanceof Drainable) {
                return original.parse(stream);
            }
            int size;
            try {
                size = stream.available();
            } catch (IOException e) {
                throw invalid(e);
            }
            if (size < THRESHOLD_BYTES) {
                return original.parse(stream);
            }
            try {
                byte[] message = new byte[size];
                int read = 0;
                while (read < size) {
                    int n = stream.read(message, read, size - read);
                    if (n < 0) {
                        throw new IOException("the message ended after " + read + " of its " + size + " bytes");
                    }
                    read += n;
                }
                // the array is this message's alone, so its fields may share it
                CodedInputStream input = UnsafeByteOperations.unsafeWrap(message).newCodedInput();
                input.enableAliasing(true);
                input.setSizeLimit(Integer.MAX_VALUE);
                T parsed = parser.parseFrom(input, ExtensionRegistryLite.getEmptyRegistry());
                input.checkLastTagWas(0);
                return parsed;
            } catch (IOException e) {
                throw invalid(e);
            }
        }

        private static RuntimeException invalid(IOException e) {
            // the status grpc-java's own protobuf marshaller gives
            return Status.INTERNAL.withDescription("Invalid protobuf byte sequence").withCause(e).asRuntimeException();
        }
    }
}
