package dev.rpcplugin.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

class HclogTimestampTest {

    private static final DateTimeFormatter GO_LAYOUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");

    @Test
    void utcEndsWithZAndHasMicroseconds() {
        Instant instant = Instant.parse("2026-11-24T15:24:06.556226789Z");
        assertThat(new HclogTimestamp(TimeZone.getTimeZone("UTC")).format(instant)).isEqualTo("2026-11-24T15:24:06.556226Z");
    }

    @Test
    void otherZonesPrintTheirOffset() {
        Instant instant = Instant.parse("2026-01-02T03:04:05.000007Z");
        assertThat(new HclogTimestamp(TimeZone.getTimeZone("Asia/Kolkata")).format(instant))
                .isEqualTo("2026-01-02T08:34:05.000007+05:30");
        assertThat(new HclogTimestamp(TimeZone.getTimeZone("America/New_York")).format(instant))
                .isEqualTo("2026-01-01T22:04:05.000007-05:00");
    }

    @Test
    void agreesWithTheJavaPatternOfGosLayout() {
        ZoneId zone = ZoneId.of("Europe/Berlin");
        Instant instant = Instant.parse("2026-07-01T00:00:00.123456Z");
        String formatted = new HclogTimestamp(TimeZone.getTimeZone(zone)).format(instant);
        assertThat(formatted).isEqualTo(GO_LAYOUT.format(instant.atZone(zone)));
        assertThat(OffsetDateTime.parse(formatted, GO_LAYOUT).toInstant()).isEqualTo(instant);
    }
}
