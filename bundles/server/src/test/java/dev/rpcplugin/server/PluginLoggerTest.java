package dev.rpcplugin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PluginLoggerTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private String written() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesOneJsonLinePerRecordWithGosTimestampLayout() {
        PluginLogger log = PluginLogger.writingTo(out, LogLevel.TRACE);
        log.info("put", "key", "k1");
        log.trace("t");
        String[] lines = written().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("{\"@level\":\"info\",\"@message\":\"put\",\"@timestamp\":\"")
                .endsWith("\",\"key\":\"k1\"}");
        Matcher timestamp = Pattern.compile("\"@timestamp\":\"([^\"]+)\"").matcher(lines[0]);
        assertThat(timestamp.find()).isTrue();
        OffsetDateTime.parse(timestamp.group(1), DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX"));
        assertThat(lines[1]).startsWith("{\"@level\":\"trace\",\"@message\":\"t\"");
    }

    @Test
    void dropsRecordsBelowTheThreshold() {
        PluginLogger log = PluginLogger.writingTo(out, LogLevel.WARN);
        log.debug("no");
        log.info("no");
        log.log(LogLevel.OFF, "never");
        log.warn("yes");
        log.error("yes too");
        assertThat(written().lines()).hasSize(2);
        assertThat(log.isEnabled(LogLevel.INFO)).isFalse();
        assertThat(log.isEnabled(LogLevel.ERROR)).isTrue();
        assertThat(PluginLogger.writingTo(out, LogLevel.OFF).isEnabled(LogLevel.ERROR)).isFalse();
    }

    @Test
    void namesNestWithDotsLikeHclog() {
        PluginLogger log = PluginLogger.writingTo(out, LogLevel.TRACE).named("kv").named("store");
        assertThat(log.name()).isEqualTo("kv.store");
        log.info("m");
        assertThat(written()).contains("\"@module\":\"kv.store\"");
        assertThatThrownBy(() -> log.named("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void impliedPairsComeWithEveryLineAndStayAligned() {
        PluginLogger log = PluginLogger.writingTo(out, LogLevel.TRACE).with("request", 7, "lonely");
        log.info("m", "k", "v");
        assertThat(written()).contains("\"request\":7", "\"EXTRA_VALUE_AT_END\":\"lonely\"", "\"k\":\"v\"");
    }
}
