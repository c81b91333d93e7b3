package dev.rpcplugin.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ExitStatusTest {

    @Test
    void statusesOfSignalDeathsNameTheSignal() {
        assertThat(ExitStatus.describe(137)).isEqualTo("137 (signal 9, SIGKILL)");
        assertThat(ExitStatus.describe(143)).isEqualTo("143 (signal 15, SIGTERM)");
        assertThat(ExitStatus.describe(134)).isEqualTo("134 (signal 6, SIGABRT)");
        assertThat(ExitStatus.describe(162)).isEqualTo("162 (signal 34)");
    }

    @Test
    void otherStatusesAreNumbersOnly() {
        assertThat(ExitStatus.describe(0)).isEqualTo("0");
        assertThat(ExitStatus.describe(1)).isEqualTo("1");
        assertThat(ExitStatus.describe(128)).isEqualTo("128");
        assertThat(ExitStatus.describe(255)).isEqualTo("255");
        assertThat(ExitStatus.describe(-1)).isEqualTo("-1");
    }

    @Test
    void noStatusIsUnknown() {
        assertThat(ExitStatus.describe(OptionalInt.empty())).isEqualTo("unknown");
        assertThat(ExitStatus.describe(OptionalInt.of(137))).isEqualTo("137 (signal 9, SIGKILL)");
    }
}
