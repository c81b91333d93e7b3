package dev.rpcplugin.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesFromTheInitialDelayUpToTheCap() {
        Duration initial = Duration.ofMillis(100);
        Duration max = Duration.ofMillis(1000);
        assertThat(Backoff.delay(initial, max, 1)).isEqualTo(Duration.ofMillis(100));
        assertThat(Backoff.delay(initial, max, 2)).isEqualTo(Duration.ofMillis(200));
        assertThat(Backoff.delay(initial, max, 4)).isEqualTo(Duration.ofMillis(800));
        assertThat(Backoff.delay(initial, max, 5)).isEqualTo(max);
        assertThat(Backoff.delay(initial, max, Integer.MAX_VALUE)).isEqualTo(max);
    }

    @Test
    void attemptZeroOrLessMeansTheInitialDelay() {
        assertThat(Backoff.delay(Duration.ofSeconds(1), Duration.ofMinutes(1), 0)).isEqualTo(Duration.ofSeconds(1));
    }
}
