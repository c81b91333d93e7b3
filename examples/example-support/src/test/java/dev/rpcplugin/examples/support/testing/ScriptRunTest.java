package dev.rpcplugin.examples.support.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptRunTest {

    private static final int STDERR_BYTES = 300_000;

    @TempDir
    Path work;

    /** Far more than a pipe holds goes to stderr while stdout stays open: both must be read at once. */
    @Test
    void aChildThatFillsStderrBeforeItWritesStdoutEnds() throws Exception {
        Path script = work.resolve("noisy");
        Files.writeString(script, "#!/bin/sh\nhead -c " + STDERR_BYTES + " /dev/zero | tr '\\000' x >&2\necho done\n");
        assertThat(script.toFile().setExecutable(true)).isTrue();

        ScriptRun.Result result = ScriptRun.of(script).in(work).timeout(Duration.ofSeconds(30)).run();

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo("done\n");
        assertThat(result.stderr()).hasSize(STDERR_BYTES).matches("x+");
    }
}
