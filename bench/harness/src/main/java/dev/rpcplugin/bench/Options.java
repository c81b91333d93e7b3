package dev.rpcplugin.bench;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The harness's command line. */
record Options(Path root, Path out, boolean quick, Set<String> only, String command) {

    static Options parse(String[] args) {
        Path root = Path.of("").toAbsolutePath();
        Path out = null;
        boolean quick = false;
        Set<String> only = new LinkedHashSet<>(BenchMain.SECTIONS);
        String command = "bench/run";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--root" -> root = Path.of(value(args, ++i, "--root")).toAbsolutePath();
                case "--out" -> out = Path.of(value(args, ++i, "--out")).toAbsolutePath();
                case "--quick" -> quick = true;
                case "--command" -> command = value(args, ++i, "--command");
                case "--only" -> {
                    only = new LinkedHashSet<>(List.of(value(args, ++i, "--only").split(",")));
                    for (String s : only) {
                        if (!BenchMain.SECTIONS.contains(s)) {
                            throw new IllegalArgumentException("--only: unknown section \"" + s + "\"; known: "
                                    + BenchMain.SECTIONS);
                        }
                    }
                }
                default -> throw new IllegalArgumentException("unknown argument \"" + args[i]
                        + "\"; usage: [--root DIR] [--out FILE] [--quick] [--only " + String.join(",",
                        BenchMain.SECTIONS) + "] [--command TEXT]");
            }
        }
        return new Options(root, out == null ? root.resolve("BENCHMARKS.md") : out, quick, only, command);
    }

    private static String value(String[] args, int i, String name) {
        if (i >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }
}
