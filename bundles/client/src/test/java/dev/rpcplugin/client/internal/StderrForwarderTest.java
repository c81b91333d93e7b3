package dev.rpcplugin.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rpcplugin.client.internal.RecordingLogSink.Entry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StderrForwarderTest {

    private final RecordingLogSink sink = new RecordingLogSink(LogLevel.TRACE);
    private final List<String> raw = new ArrayList<>();
    private final LineTail tail = new LineTail(3);
    private final StderrForwarder forwarder = new StderrForwarder(sink, raw::add, tail);

    @Test
    void hclogJsonKeepsLevelMessageAndPairs() {
        forwarder.line("{\"@level\":\"debug\",\"@message\":\"plugin address\",\"@timestamp\":"
                + "\"2026-11-24T15:24:06.556226Z\",\"address\":\"/tmp/run/plugin2394929427\",\"network\":\"unix\"}", false);

        assertThat(sink.entries()).containsExactly(new Entry(LogLevel.DEBUG,
                "plugin address address=/tmp/run/plugin2394929427 network=unix timestamp=2026-11-24T15:24:06.556226Z"));
    }

    @Test
    void everyHclogLevelMapsCaseInsensitively() {
        for (String level : List.of("trace", "DEBUG", "Info", "warn", "ERROR")) {
            forwarder.line("{\"@level\":\"" + level + "\",\"@message\":\"m\"}", false);
        }
        assertThat(sink.entries()).extracting(Entry::level)
                .containsExactly(LogLevel.TRACE, LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR);
    }

    @Test
    void unknownOrMissingLevelLogsWholeLineAtDebug() {
        String unknown = "{\"@level\":\"loud\",\"@message\":\"m\"}";
        String missing = "{\"@message\":\"m\",\"k\":1}";
        forwarder.line(unknown, false);
        forwarder.line(missing, false);
        assertThat(sink.entries()).containsExactly(new Entry(LogLevel.DEBUG, unknown), new Entry(LogLevel.DEBUG, missing));
    }

    @Test
    void badTimestampMakesTheLinePlainText() {
        // millisecond precision and a timestamp without zone do not match hclog's layout
        String millis = "{\"@level\":\"error\",\"@message\":\"m\",\"@timestamp\":\"2026-11-24T15:24:06.556Z\"}";
        String offset = "{\"@level\":\"error\",\"@message\":\"m\",\"@timestamp\":\"2026-11-24T15:24:06.556226+01:00\"}";
        forwarder.line(millis, false);
        forwarder.line(offset, false);
        assertThat(sink.entries()).containsExactly(new Entry(LogLevel.DEBUG, millis),
                new Entry(LogLevel.ERROR, "m timestamp=2026-11-24T15:24:06.556226+01:00"));
    }

    @Test
    void valuesAreRenderedLikeHclogText() {
        forwarder.line("{\"@level\":\"info\",\"@message\":\"put\",\"@module\":\"kv\",\"n\":42,\"ok\":true,"
                + "\"text\":\"two words\",\"empty\":\"\",\"obj\":{\"a\":[1,2]},\"nil\":null}", false);
        assertThat(sink.entries()).containsExactly(new Entry(LogLevel.INFO,
                "put @module=kv n=42 ok=true text=\"two words\" empty=\"\" obj={\"a\":[1,2]} nil=null"));
    }

    @Test
    void notQuiteJsonIsPlainText() {
        List<String> lines = List.of("{\"@level\":\"error\"} trailing", "{\"@level\":\"error\",}", "[1,2]",
                "{\"@level\":5,\"@message\":\"m\"}", "{'@level':'error'}");
        lines.forEach(line -> forwarder.line(line, false));
        assertThat(sink.entries()).extracting(Entry::level).containsOnly(LogLevel.DEBUG);
        assertThat(sink.entries()).extracting(Entry::message).containsExactlyElementsOf(lines);
    }

    @Test
    void plainLinesTakeTheirLevelFromThePrefix() {
        List<String> lines = List.of("[TRACE] t", "[DEBUG] d", "[INFO] i", "[WARN] w", "[ERROR] e", "no prefix",
                " [ERROR] indented");
        lines.forEach(line -> forwarder.line(line, false));
        assertThat(sink.entries()).containsExactly(new Entry(LogLevel.TRACE, "[TRACE] t"),
                new Entry(LogLevel.DEBUG, "[DEBUG] d"), new Entry(LogLevel.INFO, "[INFO] i"),
                new Entry(LogLevel.WARN, "[WARN] w"), new Entry(LogLevel.ERROR, "[ERROR] e"),
                new Entry(LogLevel.DEBUG, "no prefix"), new Entry(LogLevel.DEBUG, " [ERROR] indented"));
    }

    @Test
    void panicSwitchesFollowingPlainLinesToError() {
        forwarder.line("[INFO] before", false);
        forwarder.line("panic: runtime error: index out of range", false);
        forwarder.line("", false);
        forwarder.line("goroutine 1 [running]:", false);
        forwarder.line("{\"@level\":\"info\",\"@message\":\"json stays info\"}", false);
        forwarder.line("[DEBUG] main.main()", false);
        assertThat(sink.entries()).extracting(Entry::level).containsExactly(LogLevel.INFO, LogLevel.ERROR,
                LogLevel.ERROR, LogLevel.ERROR, LogLevel.INFO, LogLevel.ERROR);
    }

    @Test
    void fatalErrorAlsoSwitchesToError() {
        forwarder.line("fatal error: all goroutines are asleep - deadlock!", false);
        forwarder.line("goroutine 1 [chan receive]:", false);
        assertThat(sink.entries()).extracting(Entry::level).containsExactly(LogLevel.ERROR, LogLevel.ERROR);
    }

    @Test
    void piecesOfOverlongLinesAreRawDebugEvenIfTheyLookLikeJson() {
        forwarder.line("{\"@level\":\"error\",\"@message\":\"m\"}", true);
        assertThat(sink.entries()).containsExactly(new Entry(LogLevel.DEBUG, "{\"@level\":\"error\",\"@message\":\"m\"}"));
    }

    @Test
    void disabledLevelsAreDroppedButRawCopyAndTailKeepEverything() {
        RecordingLogSink warnOnly = new RecordingLogSink(LogLevel.WARN);
        StderrForwarder quiet = new StderrForwarder(warnOnly, raw::add, tail);
        quiet.line("{\"@level\":\"info\",\"@message\":\"dropped\"}", false);
        quiet.line("[WARN] kept", false);
        quiet.line("three", false);
        quiet.line("four", false);
        assertThat(warnOnly.entries()).containsExactly(new Entry(LogLevel.WARN, "[WARN] kept"));
        assertThat(raw).hasSize(4);
        assertThat(tail.lines()).containsExactly("[WARN] kept", "three", "four");
    }

    @Test
    void skippingDisabledLinesUnparsedChangesNothingThatIsLogged() {
        RecordingLogSink warnOnly = new RecordingLogSink(LogLevel.WARN);
        StderrForwarder quiet = new StderrForwarder(warnOnly, raw::add, tail);
        quiet.line("{\"@level\":\"info\",\"@message\":\"put\",\"@timestamp\":\"2026-11-24T15:24:06.556226Z\"}", false);
        quiet.line("{\"@caller\":\"kv.go:12\",\"@level\":\"debug\",\"@message\":\"get\"}", false);
        quiet.line("{\"@caller\":\"kv.go:13\",\"@level\":\"warn\",\"@message\":\"slow\"}", false);
        // a second @level wins in JSON: such a line must still be parsed
        quiet.line("{\"@level\":\"info\",\"@message\":\"twice\",\"@level\":\"error\"}", false);
        assertThat(warnOnly.entries()).containsExactly(new Entry(LogLevel.WARN, "slow @caller=kv.go:13"),
                new Entry(LogLevel.ERROR, "twice"));
        assertThat(raw).hasSize(4);
    }

    @Test
    void afterAPanicUnparsableJsonLikeLinesAreStillErrors() {
        RecordingLogSink warnOnly = new RecordingLogSink(LogLevel.WARN);
        StderrForwarder quiet = new StderrForwarder(warnOnly, null, tail);
        quiet.line("panic: boom", false);
        quiet.line("{\"@level\":\"info\",}", false);
        assertThat(warnOnly.entries()).containsExactly(new Entry(LogLevel.ERROR, "panic: boom"),
                new Entry(LogLevel.ERROR, "{\"@level\":\"info\",}"));
    }

    @Test
    void nothingIsParsedWhenLoggingIsOff() {
        RecordingLogSink off = new RecordingLogSink(null);
        StderrForwarder silent = new StderrForwarder(off, null, tail);
        silent.line("panic: x", false);
        silent.line("{\"@level\":\"error\",\"@message\":\"m\"}", false);
        assertThat(off.entries()).isEmpty();
        assertThat(tail.lines()).containsExactly("panic: x", "{\"@level\":\"error\",\"@message\":\"m\"}");
    }

    @Test
    void throwingRawSinkDoesNotLoseTheRecord() {
        StderrForwarder fragile = new StderrForwarder(sink, line -> {
            throw new IllegalStateException("sink broke");
        }, tail);
        try {
            fragile.line("[ERROR] boom", false);
        } catch (IllegalStateException expected) {
            // the pipe reader catches this; the record must already be out
        }
        assertThat(sink.entries()).containsExactly(new Entry(LogLevel.ERROR, "[ERROR] boom"));
    }
}
