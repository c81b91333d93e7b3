package dev.rpcplugin.itest.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a Go host of integration-tests/go wrote: its hclog text lines on stderr (logger
 * {@code plugin}, the plugin's re-logged lines under {@code plugin.sh}, as hosts run plugins through
 * {@code sh -c}) and the closing {@code plugin exited: true|false} line.
 */
final class GoHostOutput {

    private static final Pattern LINE =
            Pattern.compile("^\\S+ \\[(TRACE|DEBUG|INFO|WARN|ERROR)\\] +(plugin(?:\\.sh)?): (.*)$");

    /** One hclog line of the host: its level, logger and text (message, then {@code : key=value ...}). */
    record Line(String level, String logger, String text) {
    }

    private GoHostOutput() {
    }

    /** Quotes a path for {@code sh -c}. */
    static String quote(Path path) {
        return "'" + path.toString().replace("'", "'\\''") + "'";
    }

    /**
     * The host succeeded and its plugin ended gracefully: exit 0, go-plugin's Kill saw the process exit
     * within its 2 s grace ({@code plugin exited} at DEBUG, no {@code plugin failed to exit gracefully}),
     * the process ended with status 0 (go-plugin adds {@code error="exit status N"} otherwise; the plugin
     * is the direct child because its command starts with {@code exec}), nothing needed the host's
     * process-group SIGKILL, and {@code plugin exited: true} is the last line.
     */
    static void assertCleanRun(Command.Result run) {
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stderrLines()).as(run.toString())
                .last().isEqualTo("plugin exited: true");
        assertThat(host(run, "plugin process exited").text()).as(run.toString())
                .matches("plugin process exited: path=\\S+ pid=\\d+");
        assertThat(host(run, "plugin exited").text()).as(run.toString()).isEqualTo("plugin exited");
        assertThat(run.stderr()).as(run.toString())
                .doesNotContain("plugin failed to exit gracefully")
                .doesNotContain("sent SIGKILL to the plugin's process group");
    }

    /** The first line of the host's own logger whose text starts with {@code message}. */
    static Line host(Command.Result run, String message) {
        return find(run, "plugin", message);
    }

    /** The first re-logged plugin line whose message is {@code message}. */
    static Line plugin(Command.Result run, String message) {
        return find(run, "plugin.sh", message);
    }

    private static Line find(Command.Result run, String logger, String message) {
        for (String raw : run.stderrLines()) {
            Matcher m = LINE.matcher(raw);
            if (m.matches() && m.group(2).equals(logger)
                    && (m.group(3).equals(message) || m.group(3).startsWith(message + ":"))) {
                return new Line(m.group(1), m.group(2), m.group(3));
            }
        }
        throw new AssertionError("no " + logger + " line \"" + message + "\" in " + run);
    }
}
