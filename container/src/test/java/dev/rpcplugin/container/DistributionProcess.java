package dev.rpcplugin.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the built distribution's {@code bin/rpcplugin-container} as a real process, bounded. */
final class DistributionProcess {

    /** The exit code, stdout and stderr of one finished run. */
    record Result(int exitCode, String out, String err) {
    }

    private DistributionProcess() {
    }

    /** The assembled distribution (failsafe passes its path). */
    static Path home() {
        String home = System.getProperty("container.home");
        if (home == null) {
            throw new IllegalStateException("system property container.home is not set (run through failsafe)");
        }
        return Path.of(home);
    }

    /**
     * Runs the launcher with {@code args} and stdin closed, waits at most {@code bound}, and kills the
     * whole process tree in any case.
     */
    static Result run(Path work, Duration bound, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(home().resolve("bin/rpcplugin-container").toString());
        command.addAll(List.of(args));
        Path out = work.resolve("out.txt");
        Path err = work.resolve("err.txt");
        Process process = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        try {
            if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the container did not exit within " + bound + "; stderr:\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Processes still alive whose command line mentions the distribution (plugins it started). */
    static List<String> leftovers() {
        String home = home().toString();
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self && p.isAlive())
                .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                .filter(line -> line.contains(home))
                .toList();
    }
}
