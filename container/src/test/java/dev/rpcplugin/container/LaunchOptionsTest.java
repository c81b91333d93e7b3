package dev.rpcplugin.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class LaunchOptionsTest {

    @Test
    void noArgumentsMeansInteractiveWithTheDefaultWait() throws UsageException {
        LaunchOptions options = LaunchOptions.parse();

        assertThat(options.exec()).isEmpty();
        assertThat(options.help()).isFalse();
        assertThat(options.pluginWait()).isEqualTo(LaunchOptions.DEFAULT_PLUGIN_WAIT);
    }

    @Test
    void execAndWaitTakeSeparateOrInlineValues() throws UsageException {
        LaunchOptions separate = LaunchOptions.parse("--exec", "lb; plugin:list", "--wait", "5");
        LaunchOptions inline = LaunchOptions.parse("--exec=kv:get a", "--wait=0");

        assertThat(separate.exec()).contains("lb; plugin:list");
        assertThat(separate.pluginWait()).isEqualTo(Duration.ofSeconds(5));
        assertThat(inline.exec()).contains("kv:get a");
        assertThat(inline.pluginWait()).isZero();
    }

    @Test
    void noShellIsAFlagThatExcludesExec() throws UsageException {
        assertThat(LaunchOptions.parse("--no-shell", "--wait", "5").noShell()).isTrue();
        assertThat(LaunchOptions.parse().noShell()).isFalse();
        assertThatThrownBy(() -> LaunchOptions.parse("--no-shell", "--exec", "lb"))
                .isInstanceOf(UsageException.class).hasMessageContaining("--no-shell and --exec");
        assertThatThrownBy(() -> LaunchOptions.parse("--no-shell=yes"))
                .isInstanceOf(UsageException.class).hasMessageContaining("--no-shell takes no value");
        assertThat(LaunchOptions.USAGE).contains("--no-shell");
    }

    @Test
    void helpIsRecognisedInBothSpellings() throws UsageException {
        assertThat(LaunchOptions.parse("--help").help()).isTrue();
        assertThat(LaunchOptions.parse("-h").help()).isTrue();
        assertThat(LaunchOptions.USAGE).contains("--exec", "--wait", "Exit codes");
    }

    @Test
    void unknownOptionIsNamed() {
        assertThatThrownBy(() -> LaunchOptions.parse("--verbose"))
                .isInstanceOf(UsageException.class)
                .hasMessage("unknown option: --verbose");
    }

    @Test
    void strayArgumentIsNamed() {
        assertThatThrownBy(() -> LaunchOptions.parse("lb"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("unexpected argument: lb");
    }

    @Test
    void missingOrBadValuesAreRejected() {
        assertThatThrownBy(() -> LaunchOptions.parse("--exec")).hasMessage("--exec needs a value");
        assertThatThrownBy(() -> LaunchOptions.parse("--exec", "  ")).hasMessage("--exec needs at least one command");
        assertThatThrownBy(() -> LaunchOptions.parse("--exec", "lb", "--exec", "lb"))
                .hasMessageContaining("more than once");
        assertThatThrownBy(() -> LaunchOptions.parse("--wait", "soon")).hasMessage("--wait needs whole seconds, not: soon");
        assertThatThrownBy(() -> LaunchOptions.parse("--wait=-1")).hasMessage("--wait must not be negative: -1");
    }

    @Test
    void aWaitTooLongToCountInNanosecondsIsABadCommandLine() throws UsageException {
        assertThatThrownBy(() -> LaunchOptions.parse("--wait", "9999999999"))
                .isInstanceOf(UsageException.class)
                .hasMessage("--wait must be at most 9223372036 seconds: 9999999999");

        Duration longest = LaunchOptions.parse("--wait", "9223372036").pluginWait();
        assertThat(longest.toNanos()).as("the waits take this bound in nanoseconds").isPositive();
    }
}
