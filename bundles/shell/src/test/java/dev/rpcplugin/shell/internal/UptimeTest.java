package dev.rpcplugin.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UptimeTest {

    @ParameterizedTest(name = "{0} s -> {1}")
    @CsvSource({
        "0, 0s",
        "59, 59s",
        "60, 1m00s",
        "192, 3m12s",
        "3599, 59m59s",
        "3600, 1h00m",
        "7620, 2h07m",
        "86399, 23h59m",
        "86400, 1d00h",
        "273600, 3d04h",
        "-5, 0s"
    })
    void usesTheTwoMostSignificantUnits(long seconds, String expected) {
        assertThat(Uptime.format(Duration.ofSeconds(seconds))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} ms -> {1}")
    @CsvSource({"999, 0s", "1999, 1s", "192500, 3m12s"})
    void dropsFractionsOfASecond(long millis, String expected) {
        assertThat(Uptime.format(Duration.ofMillis(millis))).isEqualTo(expected);
    }
}
