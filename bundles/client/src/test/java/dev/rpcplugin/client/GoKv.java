package dev.rpcplugin.client;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Calls go-plugin's example {@code proto.KV} service (wire-reference.md) without generated code, and
 * finds the Go KV plugin built under integration-tests (absent in builds without Go).
 */
final class GoKv {

    static final Path PLUGIN = Path.of("../../integration-tests/go/bin/kv-plugin").toAbsolutePath().normalize();

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private static final MethodDescriptor<byte[], byte[]> PUT = method("Put");
    private static final MethodDescriptor<byte[], byte[]> GET = method("Get");

    private GoKv() {
    }

    static boolean available() {
        return Files.isExecutable(PLUGIN);
    }

    static void put(Channel channel, String key, String value) {
        ClientCalls.blockingUnaryCall(channel, PUT, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                encode(key, ByteString.copyFromUtf8(value)));
    }

    static String get(Channel channel, String key) {
        byte[] response = ClientCalls.blockingUnaryCall(channel, GET,
                CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), encode(key, null));
        try {
            CodedInputStream in = CodedInputStream.newInstance(response);
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (tag == ((1 << 3) | 2)) {
                    return in.readBytes().toStringUtf8();
                }
                in.skipField(tag);
            }
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] encode(String key, ByteString value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            out.writeString(1, key);
            if (value != null) {
                out.writeBytes(2, value);
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static MethodDescriptor<byte[], byte[]> method(String name) {
        return MethodDescriptor.<byte[], byte[]>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName("proto.KV", name))
                .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
    }
}
