package dev.rpcplugin.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NegotiatedVersionTest {

    @Test
    void picksHighestCommonVersion() {
        assertThat(NegotiatedVersion.negotiate(List.of(1, 2, 3), List.of(3, 2))).isEqualTo(new NegotiatedVersion(3, true));
        assertThat(NegotiatedVersion.negotiate(List.of(2, 5, 4), List.of(1, 4, 2))).isEqualTo(new NegotiatedVersion(4, true));
        assertThat(NegotiatedVersion.negotiate(Set.of(0), List.of(0))).isEqualTo(new NegotiatedVersion(0, true));
    }

    @Test
    void fallsBackToLowestWhenNothingMatches() {
        assertThat(NegotiatedVersion.negotiate(List.of(7, 5, 6), List.of(1, 2))).isEqualTo(new NegotiatedVersion(5, false));
    }

    @Test
    void usesLowestWhenHostSentNoList() {
        assertThat(NegotiatedVersion.negotiate(List.of(4, 3), List.of())).isEqualTo(new NegotiatedVersion(3, false));
    }

    @Test
    void fallbackIsRejectedByTheHostWithGoWording() {
        NegotiatedVersion chosen = NegotiatedVersion.negotiate(List.of(7), List.of(5, 6));
        String line = HandshakeLine.builder(chosen.version(), Network.UNIX, "/s").build().format();
        assertThatThrownBy(() -> HandshakeParser.forVersions(5, 6).parse(line))
                .hasMessage("incompatible API version with plugin. Plugin version: 7, Client versions: [5 6]");
    }

    @Test
    void pluginMustOfferValidVersions() {
        assertThatThrownBy(() -> NegotiatedVersion.negotiate(List.of(), List.of(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
        assertThatThrownBy(() -> NegotiatedVersion.negotiate(List.of(-1), List.of(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[-1]");
        assertThatThrownBy(() -> NegotiatedVersion.negotiate(Arrays.asList(1, null), List.of(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
