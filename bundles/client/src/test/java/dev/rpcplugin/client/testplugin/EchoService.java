package dev.rpcplugin.client.testplugin;

import com.google.protobuf.StringValue;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.PrintStream;

/**
 * The test plugin's application service, {@code test.Echo/Echo} (StringValue in, StringValue out), made
 * without code generation. Requests may steer the plugin: {@code stderr:TEXT} writes TEXT as a line to
 * the real stderr, {@code stdout:TEXT} to the real stdout, {@code exit:N} ends the process with status N
 * right after replying.
 */
public final class EchoService implements BindableService {

    /** The one method. */
    public static final MethodDescriptor<StringValue, StringValue> ECHO = MethodDescriptor.<StringValue, StringValue>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName("test.Echo", "Echo"))
            .setRequestMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
            .setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
            .build();

    private final PrintStream stdout;
    private final PrintStream stderr;

    EchoService(PrintStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public ServerServiceDefinition bindService() {
        return ServerServiceDefinition.builder("test.Echo")
                .addMethod(ECHO, ServerCalls.asyncUnaryCall(this::echo))
                .build();
    }

    private void echo(StringValue request, StreamObserver<StringValue> response) {
        String text = request.getValue();
        if (text.startsWith("stderr:")) {
            stderr.println(text.substring(7));
            stderr.flush();
        } else if (text.startsWith("stdout:")) {
            stdout.println(text.substring(7));
            stdout.flush();
        }
        response.onNext(StringValue.of(text));
        response.onCompleted();
        if (text.startsWith("exit:")) {
            Runtime.getRuntime().halt(Integer.parseInt(text.substring(5)));
        }
    }
}
