package dev.rpcplugin.container;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Optional;

import org.osgi.framework.BundleContext;

/**
 * A Gogo {@code CommandSession} driven by reflection (the launcher's class path has no Gogo).
 * Runs one statement at a time and prints each result as the interactive shell would.
 */
final class GogoSession implements AutoCloseable {

    static final String PROCESSOR = "org.apache.felix.service.command.CommandProcessor";
    private static final String SESSION = "org.apache.felix.service.command.CommandSession";
    /** {@code org.apache.felix.service.command.Converter.INSPECT}: the shell's format for results. */
    private static final int INSPECT = 0;

    private final Object session;
    private final Method execute;
    private final Method format;
    private final Method close;
    private final PrintStream out;

    private GogoSession(Object session, Class<?> sessionType, PrintStream out) throws NoSuchMethodException {
        this.session = session;
        this.execute = sessionType.getMethod("execute", CharSequence.class);
        this.format = sessionType.getMethod("format", Object.class, int.class);
        this.close = sessionType.getMethod("close");
        this.out = out;
    }

    /**
     * Opens a session on the first command processor that appears within {@code bound}.
     *
     * @return empty if no Gogo runtime is installed or it did not start in time
     */
    static Optional<GogoSession> open(BundleContext context, Duration bound, InputStream in, PrintStream out,
            PrintStream err) throws LaunchException, InterruptedException {
        Optional<ServiceLookup.Found> found = ServiceLookup.await(context, PROCESSOR, bound);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        try {
            Class<?> processorType = found.get().load(PROCESSOR);
            Class<?> sessionType = found.get().load(SESSION);
            Method create = processorType.getMethod("createSession", InputStream.class, OutputStream.class,
                    OutputStream.class);
            Object session = create.invoke(found.get().service(), in, out, err);
            return Optional.of(new GogoSession(session, sessionType, out));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new LaunchException("cannot open a Gogo session: " + describe(e), e);
        }
    }

    /**
     * Executes one statement and prints its non-null result.
     *
     * @return empty on success, else what went wrong (thrown, or returned as the result)
     */
    Optional<Throwable> run(CharSequence statement) {
        try {
            Object result = execute.invoke(session, statement);
            if (result instanceof Throwable failure) {
                return Optional.of(failure);
            }
            if (result != null) {
                out.println(format.invoke(session, result, INSPECT));
            }
            return Optional.empty();
        } catch (InvocationTargetException e) {
            return Optional.of(e.getCause() != null ? e.getCause() : e);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.of(e);
        } finally {
            out.flush();
        }
    }

    /** One line naming the failure: the exception's class and message. */
    static String describe(Throwable failure) {
        Throwable shown = failure instanceof InvocationTargetException && failure.getCause() != null
                ? failure.getCause() : failure;
        String message = shown.getMessage();
        return shown.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    @Override
    public void close() {
        try {
            close.invoke(session);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // the framework may already be stopping; the session dies with it
        }
    }
}
