package dev.rpcplugin.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HclogJsonTest {

    private static final String TS = "2026-11-24T15:24:06.556226Z";

    @Test
    void matchesTheLineAGoPluginPrints() {
        String line = HclogJson.line("debug", "plugin address", "", TS,
                new Object[] {"network", "unix", "address", "/tmp/run/plugin2394929427"});
        assertThat(line).isEqualTo("{\"@level\":\"debug\",\"@message\":\"plugin address\","
                + "\"@timestamp\":\"2026-11-24T15:24:06.556226Z\",\"address\":\"/tmp/run/plugin2394929427\","
                + "\"network\":\"unix\"}");
    }

    @Test
    void namedLoggersGetAModuleKey() {
        assertThat(HclogJson.line("info", "m", "kv", TS, new Object[0]))
                .isEqualTo("{\"@level\":\"info\",\"@message\":\"m\",\"@module\":\"kv\",\"@timestamp\":\"" + TS + "\"}");
    }

    @Test
    void keepsJsonTypesAndRendersTheRestAsStrings() {
        String line = HclogJson.line("info", "m", null, TS, new Object[] {
            "b", true, "i", 42, "l", -7L, "d", 1.5, "nan", Double.NaN, "n", null,
            "e", new IllegalStateException("boom"), "bytes", new byte[] {1, 2, 3},
            "list", List.of(1, "two"), "map", Map.of("k", 'v'), "arr", new int[] {4, 5}});
        assertThat(line)
                .contains("\"b\":true", "\"i\":42", "\"l\":-7", "\"d\":1.5", "\"nan\":\"NaN\"", "\"n\":null",
                        "\"e\":\"java.lang.IllegalStateException: boom\"", "\"bytes\":\"AQID\"",
                        "\"list\":[1,\"two\"]", "\"map\":{\"k\":\"v\"}", "\"arr\":[4,5]");
    }

    @Test
    void escapesControlCharactersQuotesAndLineSeparators() {
        String line = HclogJson.line("info", "a\"b\\c\nd\te\u0001f\u2028", null, TS, new Object[0]);
        assertThat(line).contains("\"@message\":\"a\\\"b\\\\c\\nd\\te\\u0001f\\u2028\"");
        assertThat(line).doesNotContain("\n");
    }

    @Test
    void oddTrailingValueGoesUnderHclogsKey() {
        assertThat(HclogJson.line("warn", "m", null, TS, new Object[] {"k", "v", "orphan"}))
                .contains("\"EXTRA_VALUE_AT_END\":\"orphan\"", "\"k\":\"v\"");
    }

    @Test
    void callerKeysWinOnAClashAndKeysAreSorted() {
        String line = HclogJson.line("info", "m", null, TS, new Object[] {"zeta", 1, "alpha", 2, "@message", "x"});
        assertThat(line).isEqualTo("{\"@level\":\"info\",\"@message\":\"x\",\"@timestamp\":\"" + TS
                + "\",\"alpha\":2,\"zeta\":1}");
    }
}
