package dev.rpcplugin.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Writes BENCHMARKS.md: the table, how each figure was measured, the machine and the run. */
final class Report {

    /** What the run was. */
    record Run(String command, ZonedDateTime date, Machine machine, String revision, String loadBefore,
            String loadAfter, double seconds, Sizes sizes, boolean quick, String priority) {
    }

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx");

    private Report() {
    }

    static void write(Path file, Run run, List<Figure> figures, List<String> sections, Path limits) throws IOException {
        List<String> md = new ArrayList<>();
        md.add("# Benchmarks: rpcplugin side by side with go-plugin");
        md.add("");
        md.add("Written by `" + run.command() + "` on " + run.date().format(STAMP) + ", at commit " + run.revision()
                + (run.quick() ? " (**quick run: small samples, rough figures**)" : "")
                + ". Every number below comes from that run; run it again to update this file.");
        md.add("Each figure is a **median**; ours and the peer were measured in the same run, interleaved (single"
                + " launches and rounds alternate) unless its note below says otherwise. `ratio` = ours / peer."
                + " Targets from issue 5.");
        md.add("");
        md.add("| figure | ours | peer | ratio | target | result |");
        md.add("|---|---:|---:|---:|---|---|");
        for (Figure f : figures) {
            md.add("| " + f.name() + " | " + f.oursText() + " | " + f.peerText() + " | " + f.ratioText() + " | "
                    + f.targetText().replace("|", "\\|") + " | " + f.verdict() + " |");
        }
        md.add("");
        md.add("```");
        figures.forEach(f -> md.add(f.line()));
        md.add("```");
        md.add("");
        md.add("## How each figure was measured");
        md.add("");
        for (Figure f : figures) {
            md.add("* `" + f.name() + "`: " + f.note());
        }
        md.add("");
        for (String section : sections) {
            md.add(section);
            md.add("");
        }
        md.add("## Machine and run");
        md.add("");
        Machine m = run.machine();
        md.add("| | |");
        md.add("|---|---|");
        md.add("| CPUs (nproc) | " + m.cpus() + " |");
        md.add("| CPU model | " + m.cpuModel() + " |");
        md.add("| memory | " + m.memory() + " |");
        md.add("| OS | " + m.os() + " |");
        md.add("| Java | " + m.java() + " |");
        md.add("| Go | " + m.go() + " |");
        md.add("| Go libraries of the Go peers | " + m.goLibraries() + " |");
        md.add("| load average (1/5/15 min) before / after | " + run.loadBefore() + " / " + run.loadAfter() + " |");
        md.add("| priority | " + run.priority() + " |");
        md.add("| command | `" + run.command() + "` |");
        md.add("| date | " + run.date().format(STAMP) + " |");
        md.add("| commit | " + run.revision() + " |");
        md.add("| duration of the measurements | " + Math.round(run.seconds()) + " s |");
        md.add("");
        md.add("Warm-up and sample sizes:");
        md.add("");
        Sizes s = run.sizes();
        md.add("* Interleaved batches per side: " + s.alternations() + ".");
        md.add("* Launch: " + s.launchWarmup() + " warm-up launches per side and mode, then "
                + s.alternations() * s.launches() + " measured, ours and the Go host's alternating one by one"
                + " (the Go host is one long-lived process taking commands).");
        md.add("* Our host's JVM, before anything is measured: " + JvmWarmup.describe() + ".");
        md.add("* Pairs: per plugin connection "
                + Figure.number(s.pairsWarmup().toMillis() / 1000.0) + " s warm-up and " + s.pairsRounds()
                + " rounds of " + Figure.number(s.pairsRound().toMillis() / 1000.0) + " s, each side, each batch.");
        md.add("* Streaming: warm-up rounds for at least " + s.streamWarmup().toSeconds() + " s (at least 2), then "
                + s.streamRounds() + " rounds of " + s.streamMessages()
                + " messages of 64 KiB, alternating with the raw copy throughout.");
        md.add("* Exec -> handshake: 2 warm-up runs, then " + s.execRuns()
                + " runs of each plugin, alternating; plaintext, then AutoMTLS, then plaintext with the Java"
                + " plugin's throughput profile.");
        md.add("* Container (a fresh container JVM): " + s.containerWarmup() + " warm-up launches (as many as"
                + " the plaintext launches that warm our host's JVM), then "
                + s.containerLaunches() + " measured; "
                + s.containerPlugins() + " plugins at once; 3 warm-up kills, then " + s.containerKills()
                + " measured.");
        md.add("");
        if (limits != null && Files.isRegularFile(limits)) {
            md.addAll(Files.readAllLines(limits));
        }
        Files.write(file, md);
    }
}
