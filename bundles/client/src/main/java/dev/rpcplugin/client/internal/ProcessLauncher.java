package dev.rpcplugin.client.internal;

import dev.rpcplugin.client.PluginStartException;
import dev.rpcplugin.client.PluginStartException.Reason;
import dev.rpcplugin.handshake.ChildEnvironment;
import dev.rpcplugin.security.ChecksumException;
import dev.rpcplugin.security.ChecksumMismatchException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Starts a plugin process: resolve and check the executable, verify its checksum (the process is
 * never started on a mismatch), make its private socket directory, build its environment, start it
 * and hand its stderr to the host's pipe poller at once. Stdout is left for the handshake reader.
 */
public final class ProcessLauncher {

    private static final File DEV_NULL = new File("/dev/null");

    private final ClientSettings settings;
    private final HostContext host;
    private final Logger pluginLog;

    public ProcessLauncher(ClientSettings settings, HostContext host, Logger pluginLog) {
        this.settings = settings;
        this.host = host;
        this.pluginLog = pluginLog;
    }

    /**
     * @param spawned told the process as soon as it exists, before its first stderr line is read
     * @return the running process; the caller owns it (kill and delete the directory on failure)
     * @throws PluginStartException before the process exists; nothing is left behind then
     */
    public PluginProcess launch(Consumer<PluginProcess> spawned) throws PluginStartException {
        checkWorkingDirectory(); // first: a relative command is looked up in it
        Path executable = Executables.resolve(settings.command().get(0), settings.workingDirectory());
        verifyChecksum(executable);
        SocketDirectory socketDirectory;
        try {
            socketDirectory = SocketDirectory.create(host.socketDirectoryParent());
        } catch (IOException | RuntimeException e) {
            throw new PluginStartException(Reason.SOCKET_DIRECTORY, "cannot create a socket directory for plugin "
                    + settings.name() + " under " + host.socketDirectoryParent() + ": " + e, e);
        }
        try {
            ProcessBuilder builder = new ProcessBuilder(host.spawner().wrap(executable, settings.command()))
                    // go-plugin hands over the host's stdin; a library host must not give its console away
                    .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
            if (settings.workingDirectory() != null) {
                builder.directory(settings.workingDirectory().toFile());
            }
            Map<String, String> env = builder.environment();
            env.clear();
            env.putAll(environment(socketDirectory));
            String childTemp = env.get("TMPDIR");
            Process child = startProcess(builder, executable);
            LineTail tail = new LineTail(settings.stderrTailLines());
            PluginProcess process = PluginProcess.launched(child, socketDirectory, tail,
                    childTemp == null || childTemp.isBlank() ? null : Path.of(childTemp), host.executor());
            PipeLineReader stderr = new PipeLineReader(child.getErrorStream(),
                    new StderrForwarder(new Slf4jLogSink(pluginLog), settings.stderrSink(), tail),
                    "stderr of plugin " + settings.name());
            process.readers(stderr, null);
            spawned.accept(process); // a sink that asks the client for the pid of a line's process gets it
            try {
                host.pipes().watch(child, stderr);
            } catch (RuntimeException e) {
                child.destroyForcibly();
                throw new PluginStartException(Reason.PROCESS_START_FAILED, "cannot read the stderr of plugin "
                        + settings.name() + ": " + e, e);
            }
            return process;
        } catch (PluginStartException | RuntimeException e) {
            socketDirectory.delete();
            throw e;
        }
    }

    /** Starts draining stdout after the handshake line was read. */
    public void drainStdout(PluginProcess process) {
        PipeLineReader stdout = new PipeLineReader(process.child().getInputStream(),
                settings.stdoutSink() == null ? null : (line, piece) -> settings.stdoutSink().accept(line),
                "stdout of plugin " + settings.name());
        process.readers(null, stdout);
        host.pipes().watch(process.child(), stdout);
    }

    // the spawn would fail too, but naming the executable (or the setpriv wrapper) instead of the directory
    private void checkWorkingDirectory() throws PluginStartException {
        Path directory = settings.workingDirectory();
        if (directory != null && !Files.isDirectory(directory)) {
            throw new PluginStartException(Reason.PROCESS_START_FAILED, "the working directory " + directory
                    + " of plugin " + settings.name() + (Files.exists(directory) ? " is not a directory"
                    : " does not exist") + "; the plugin was not started", null);
        }
    }

    private void verifyChecksum(Path executable) throws PluginStartException {
        if (settings.checksum() == null) {
            return;
        }
        try {
            settings.checksum().verify(executable);
        } catch (ChecksumMismatchException e) {
            throw new PluginStartException(Reason.CHECKSUM_MISMATCH, "checksums did not match for plugin "
                    + settings.name() + ": " + e.getMessage() + "; the plugin was not started", e);
        } catch (ChecksumException e) {
            throw new PluginStartException(Reason.CHECKSUM_UNREADABLE, "error verifying checksum of plugin "
                    + settings.name() + ": " + e.getMessage() + "; the plugin was not started", e);
        }
    }

    private Map<String, String> environment(SocketDirectory socketDirectory) throws PluginStartException {
        ChildEnvironment.Builder env = ChildEnvironment.builder(settings.cookie())
                .appEnvironment(settings.environment())
                .hostEnvironment(System.getenv(), settings.hostEnvironment())
                .protocolVersions(settings.protocolVersions())
                .portRange(settings.portRange())
                .unixSocketDir(socketDirectory.path().toString());
        if (settings.autoMtls()) {
            String certificate;
            try {
                certificate = host.identity().get().certificatePem();
            } catch (RuntimeException e) { // a host identity supplier of the application's
                throw new PluginStartException(Reason.BAD_CERTIFICATE, "cannot get the host's AutoMTLS certificate"
                        + " for plugin " + settings.name() + ": " + e, e);
            }
            env.clientCertificatePem(certificate);
        }
        return env.build();
    }

    private Process startProcess(ProcessBuilder builder, Path executable) throws PluginStartException {
        try {
            return host.spawner().start(builder);
        } catch (IOException e) {
            String text = String.valueOf(e.getMessage());
            Reason reason = text.contains("error=13") || text.contains("error=8") ? Reason.NOT_EXECUTABLE
                    : text.contains("error=2,") ? Reason.EXECUTABLE_NOT_FOUND : Reason.PROCESS_START_FAILED;
            throw new PluginStartException(reason, "cannot start plugin " + settings.name() + " (" + executable
                    + "): " + text, e);
        }
    }
}
