package dev.rpcplugin.handshake.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HandshakeScanTest {

    @ParameterizedTest
    @ValueSource(strings = {"1|1|unix|/s|grpc|", "2|x|y|z", "  -7|a|b|c  ", "+1|||", "99999999999999999999|1|unix|/s",
            "1|1|unix|/s\r"})
    void candidatesHaveFourFieldsAndAnIntegerFirst(String line) {
        assertThat(HandshakeScan.isCandidate(line)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1|1|unix", "starting|1|2|3", "1 |a|b|c", "v1|a|b|c", "|1|2|3", "1.0|a|b|c",
            "INFO 2026-01-01 a|b|c|d", "٣|a|b|c", "+|a|b|c"})
    void otherLinesAreNotCandidates(String line) {
        assertThat(HandshakeScan.isCandidate(line)).isFalse();
    }
}
