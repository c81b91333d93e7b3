package dev.rpcplugin.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rpcplugin.server.LogLevel;
import dev.rpcplugin.server.PluginLogger;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class JulBridgeTest {

    @Test
    void mapsJulLevelsToHclogLevels() {
        assertThat(JulBridge.levelOf(Level.SEVERE)).isEqualTo(LogLevel.ERROR);
        assertThat(JulBridge.levelOf(Level.WARNING)).isEqualTo(LogLevel.WARN);
        assertThat(JulBridge.levelOf(Level.INFO)).isEqualTo(LogLevel.INFO);
        assertThat(JulBridge.levelOf(Level.CONFIG)).isEqualTo(LogLevel.DEBUG);
        assertThat(JulBridge.levelOf(Level.FINE)).isEqualTo(LogLevel.DEBUG);
        assertThat(JulBridge.levelOf(Level.FINER)).isEqualTo(LogLevel.TRACE);
        assertThat(JulBridge.levelOf(Level.FINEST)).isEqualTo(LogLevel.TRACE);
    }

    @Test
    void recordsBecomeHclogLinesNamedAfterTheirLogger() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JulBridge bridge = new JulBridge(PluginLogger.writingTo(out, LogLevel.INFO));
        LogRecord record = new LogRecord(Level.WARNING, "listening on {0}");
        record.setParameters(new Object[] {"/tmp/x"});
        record.setLoggerName("io.grpc.Server");
        record.setThrown(new IllegalStateException("bad"));
        bridge.publish(record);
        LogRecord tooFine = new LogRecord(Level.FINE, "quiet");
        bridge.publish(tooFine);
        String written = out.toString(StandardCharsets.UTF_8);
        assertThat(written.lines()).hasSize(1);
        assertThat(written).contains("\"@level\":\"warn\"", "\"@message\":\"listening on /tmp/x\"",
                "\"@module\":\"io.grpc.Server\"", "\"error\":\"java.lang.IllegalStateException: bad\"",
                "\"stacktrace\":\"java.lang.IllegalStateException: bad\\n\\tat dev.rpcplugin.server.internal.JulBridgeTest"
                        + ".recordsBecomeHclogLinesNamedAfterTheirLogger(JulBridgeTest.java:");
    }
}
