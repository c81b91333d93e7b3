package dev.rpcplugin.examples.support.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HostLoggingTest {

    private static final String LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
    private static final String GRPC = "org.slf4j.simpleLogger.log.io.grpc";

    @AfterEach
    void forgetSettings() {
        System.clearProperty(LEVEL);
        System.clearProperty(GRPC);
    }

    @Test
    void takesTheLevelFromTheVariableAndKeepsLibrariesAtInfo() {
        HostLogging.configure("KV_HOST_LOG_LEVEL", "DEBUG", "info");

        assertThat(System.getProperty(LEVEL)).isEqualTo("debug");
        assertThat(System.getProperty(GRPC)).isEqualTo("info");
    }

    @Test
    void usesTheDefaultWhenUnsetOrEmpty() {
        HostLogging.configure("KV_HOST_LOG_LEVEL", "", "info");

        assertThat(System.getProperty(LEVEL)).isEqualTo("info");
        assertThat(System.getProperty(GRPC)).isNull();
    }

    @Test
    void refusesAnUnknownLevelNamingTheVariable() {
        assertThatThrownBy(() -> HostLogging.configure("KV_HOST_LOG_LEVEL", "loud", "info"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("KV_HOST_LOG_LEVEL=\"loud\" is not a log level (trace, debug, info, warn, error, off)");
        assertThat(System.getProperty(LEVEL)).isNull();
    }
}
