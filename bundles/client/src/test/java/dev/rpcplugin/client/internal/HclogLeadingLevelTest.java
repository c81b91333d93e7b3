package dev.rpcplugin.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HclogLeadingLevelTest {

    @Test
    void levelWrittenFirstOrAfterTheCallerIsFound() {
        assertThat(HclogLineParser.leadingLevel("{\"@level\":\"info\",\"@message\":\"put\",\"key\":\"k\"}"))
                .isEqualTo(LogLevel.INFO);
        assertThat(HclogLineParser.leadingLevel("{\"@caller\":\"/src/kv.go:12\",\"@level\":\"Debug\"}"))
                .isEqualTo(LogLevel.DEBUG);
    }

    @Test
    void anythingElseIsLeftToTheParser() {
        assertThat(HclogLineParser.leadingLevel("{\"@message\":\"m\",\"@level\":\"info\"}")).isNull();
        assertThat(HclogLineParser.leadingLevel(" {\"@level\":\"info\"}")).isNull();
        assertThat(HclogLineParser.leadingLevel("{\"@level\":\"in\\\"fo\"}")).isNull();
        assertThat(HclogLineParser.leadingLevel("{\"@level\":\"loud\"}")).isNull();
        assertThat(HclogLineParser.leadingLevel("{\"@level\":\"info")).isNull();
        assertThat(HclogLineParser.leadingLevel("{\"@level\":\"info\",\"x\":{\"@level\":\"error\"}}")).isNull();
        assertThat(HclogLineParser.leadingLevel("{\"@caller\":\"a\\\\b.go\",\"@level\":\"info\"}")).isNull();
        assertThat(HclogLineParser.leadingLevel("{\"@caller\":\"a.go\",\"@message\":\"m\"}")).isNull();
        assertThat(HclogLineParser.leadingLevel("[INFO] plain")).isNull();
    }
}
