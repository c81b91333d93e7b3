package dev.rpcplugin.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the figures were measured on. */
record Machine(int cpus, String cpuModel, String memory, String java, String go, String goLibraries, String os) {

    /** @param goHost the Go bench host: the Go it was built with is named */
    static Machine describe(Path goHost) {
        String java = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
        String go;
        try {
            // "go version FILE" prints "FILE: go1.19.8"
            String built = ChildRun.run(List.of("go", "version", goHost.toString()), Map.of(), null,
                    Duration.ofSeconds(20)).stdout().trim();
            go = built.substring(built.lastIndexOf(' ') + 1) + " (the Go host's build)";
        } catch (IllegalStateException e) {
            go = "unknown (" + e.getMessage() + ")";
        }
        String libraries;
        try {
            libraries = ChildRun.run(List.of("dpkg-query", "-W", "-f", "${Package} ${Version}, ",
                    "golang-github-hashicorp-go-plugin-dev", "golang-google-grpc-dev"), Map.of(), null,
                    Duration.ofSeconds(20)).stdout().replaceAll(", $", "");
        } catch (IllegalStateException e) {
            libraries = "unknown (" + e.getMessage() + ")";
        }
        return new Machine(Runtime.getRuntime().availableProcessors(), field("/proc/cpuinfo", "model name"),
                totalMemory(), java, go, libraries, System.getProperty("os.name") + " " + System.getProperty("os.version"));
    }

    /** The project's commit, and whether its files differed from it (git status). */
    static String revision(Path root) {
        try {
            String commit = ChildRun.run(List.of("git", "-C", root.toString(), "rev-parse", "--short", "HEAD"), Map.of(),
                    null, Duration.ofSeconds(20)).stdout().trim();
            // porcelain lines are "XY path"; X or Y may be a space, so the lines are not trimmed
            List<String> changed = ChildRun.run(List.of("git", "-C", root.toString(), "status", "--porcelain",
                    "--untracked-files=no"), Map.of(), null, Duration.ofSeconds(20)).stdout().lines()
                    .filter(l -> l.length() > 3).map(l -> l.substring(3)).toList();
            if (changed.isEmpty()) {
                return commit;
            }
            return commit + " with uncommitted changes to " + (changed.size() <= 5 ? String.join(", ", changed)
                    : changed.size() + " files");
        } catch (IllegalStateException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** The 1, 5 and 15 minute load averages now. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** This process's nice value, read from /proc/self/stat. */
    static String priority() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return "nice " + fields[16] + " (benchmark processes and the plugins they start)";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    String summary() {
        return cpus + " CPUs (" + cpuModel + "), " + memory + " memory, " + java + ", " + go + ", load " + loadAverage();
    }

    private static String totalMemory() {
        String kb = field("/proc/meminfo", "MemTotal").replace("kB", "").trim();
        try {
            return String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(kb) / 1024.0 / 1024.0);
        } catch (NumberFormatException e) {
            return kb;
        }
    }

    private static String field(String file, String key) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                    return line.substring(colon + 1).trim();
                }
            }
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return "unknown";
    }
}
