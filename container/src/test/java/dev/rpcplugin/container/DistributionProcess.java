package dev.rpcplugin.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The built distribution's {@code bin/rpcplugin-container} run as a real process, always bounded. */
final class DistributionProcess implements AutoCloseable {

    /** The exit code, stdout and stderr of one finished run. */
    record Result(int exitCode, String out, String err) {
    }

    private final Process process;
    private final Path out;
    private final Path err;

    private DistributionProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** The assembled distribution (failsafe passes its path). */
    static Path home() {
        String home = System.getProperty("container.home");
        if (home == null) {
            throw new IllegalStateException("system property container.home is not set (run through failsafe)");
        }
        return Path.of(home);
    }

    /** Runs the launcher with stdin at its end and returns how it finished, within {@code bound}. */
    static Result run(Path work, Duration bound, String... args) throws IOException, InterruptedException {
        return runWithInput(work, bound, "", null, args);
    }

    /**
     * As {@link #run}, with {@code input} as the launcher's stdin and, unless {@code etc} is null,
     * that configuration directory instead of the distribution's {@code etc/}.
     */
    static Result runWithInput(Path work, Duration bound, String input, Path etc, String... args)
            throws IOException, InterruptedException {
        Path in = work.resolve("in.txt");
        Files.writeString(in, input, StandardCharsets.UTF_8);
        try (DistributionProcess process = start(work, ProcessBuilder.Redirect.from(in.toFile()), etc, args)) {
            return process.finish(bound);
        }
    }

    /**
     * Starts the launcher; with {@code Redirect.PIPE} its stdin stays open until {@link #close()}.
     * A non-null {@code etc} replaces the distribution's configuration directory.
     */
    static DistributionProcess start(Path work, ProcessBuilder.Redirect stdin, Path etc, String... args)
            throws IOException {
        return start(home(), work, stdin, etc, args);
    }

    /** As {@link #start(Path, ProcessBuilder.Redirect, Path, String...)}, for a copy of the distribution in {@code home}. */
    static DistributionProcess start(Path home, Path work, ProcessBuilder.Redirect stdin, Path etc, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/rpcplugin-container").toString());
        command.addAll(List.of(args));
        Path out = work.resolve("out.txt");
        Path err = work.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(stdin)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().remove("JAVA_OPTS");
        if (etc != null) {
            builder.environment().put("JAVA_OPTS", "-Drpcplugin.etc=" + etc);
        }
        Process process = builder.start();
        return new DistributionProcess(process, out, err);
    }

    Process process() {
        return process;
    }

    /** Waits until stdout contains {@code text}. */
    void awaitOutput(String text, Duration bound) throws IOException, InterruptedException {
        await(out, "stdout", text, bound);
    }

    /** Waits until stderr contains {@code text}. */
    void awaitError(String text, Duration bound) throws IOException, InterruptedException {
        await(err, "stderr", text, bound);
    }

    private void await(Path file, String name, String text, Duration bound) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!Files.readString(file, StandardCharsets.UTF_8).contains(text)) {
            if (!process.isAlive() || System.nanoTime() - deadline >= 0) {
                throw new AssertionError("no '" + text + "' on " + name + " within " + bound + "; stdout:\n"
                        + Files.readString(out, StandardCharsets.UTF_8) + "\nstderr:\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            Thread.sleep(50);
        }
    }

    /** Waits for the exit, at most {@code bound}. */
    Result finish(Duration bound) throws IOException, InterruptedException {
        if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the container did not exit within " + bound + "; stderr:\n"
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Kills whatever is left of the process tree. */
    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Processes still alive whose command line mentions the distribution (plugins it started). */
    static List<String> leftovers() {
        return leftovers(home());
    }

    /** Processes still alive whose command line mentions {@code distribution}. */
    static List<String> leftovers(Path distribution) {
        String home = distribution.toString();
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self && p.isAlive())
                .map(p -> p.pid() + " " + commandLine(p.pid()))
                .filter(line -> line.contains(home))
                .toList();
    }

    /**
     * From {@code /proc/PID/cmdline}, arguments joined by blanks; empty once it ended. {@code ProcessHandle.Info}
     * gives no command line longer than a page, which a Java plugin's class path under a longer home reaches.
     */
    private static String commandLine(long pid) {
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return new String(cmdline, StandardCharsets.UTF_8).replace('\u0000', ' ').trim();
        } catch (IOException e) {
            return "";
        }
    }
}
