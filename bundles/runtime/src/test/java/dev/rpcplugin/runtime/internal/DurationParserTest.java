package dev.rpcplugin.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationParserTest {

    @Test
    void unitsAndBareMilliseconds() {
        assertThat(DurationParser.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(DurationParser.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationParser.parse(" 2 m ")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationParser.parse("1H")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationParser.parse("1500")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DurationParser.parse("0")).isZero();
    }

    @Test
    void iso8601() {
        assertThat(DurationParser.parse("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationParser.parse("pt0.5s")).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void garbageAndNegativeAreRefused() {
        assertThatThrownBy(() -> DurationParser.parse("soon")).hasMessageContaining("is no duration");
        assertThatThrownBy(() -> DurationParser.parse("-5s")).hasMessageContaining("is no duration");
        assertThatThrownBy(() -> DurationParser.parse("PT-5S")).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> DurationParser.parse("5 days")).hasMessageContaining("is no duration");
    }
}
