package dev.rpcplugin.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StdioLinesTest {

    private final List<String> lines = new ArrayList<>();
    private final StdioLines cutter = new StdioLines(lines::add);

    private void send(String chunk) {
        cutter.accept(chunk.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void linesAreCutAtTheirEndsAcrossChunksAndAnUnfinishedLineWaits() {
        send("first\nsec");
        send("ond\r\nthird\n\nfour");
        assertThat(lines).containsExactly("first", "second", "third", "");
        send("th\n");
        assertThat(lines).endsWith("fourth");
    }

    @Test
    void aLineLongerThanTheLimitArrivesInPieces() {
        send("x".repeat(StdioLines.MAX_LINE + 10) + "\n");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).hasSize(StdioLines.MAX_LINE);
        assertThat(lines.get(1)).isEqualTo("x".repeat(10));
    }

    @Test
    void aLineOfExactlyTheLimitIsOneLineWithoutAnEmptyOneAfterIt() {
        send("x".repeat(StdioLines.MAX_LINE) + "\n");
        send("y".repeat(StdioLines.MAX_LINE - 1) + "\r\n");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).hasSize(StdioLines.MAX_LINE);
        assertThat(lines.get(1)).hasSize(StdioLines.MAX_LINE - 1).doesNotContain("\r");
    }

    @Test
    void aPieceCutByTheLimitEndsBetweenCharacters() {
        send("x".repeat(StdioLines.MAX_LINE - 1) + "\u00fcz\n"); // the limit falls inside the two bytes of the u umlaut
        assertThat(lines).containsExactly("x".repeat(StdioLines.MAX_LINE - 1), "\u00fcz");
    }

    @Test
    void flushDeliversALineNotEndedYet() {
        send("Exception in thread main: boom");
        assertThat(lines).isEmpty();
        cutter.flush();
        cutter.flush();
        assertThat(lines).containsExactly("Exception in thread main: boom");
    }

    @Test
    void aCharacterCutBetweenTwoChunksIsDecodedWhole() {
        byte[] word = "grüße\n".getBytes(StandardCharsets.UTF_8);
        cutter.accept(java.util.Arrays.copyOfRange(word, 0, 3)); // ends inside the ü
        cutter.accept(java.util.Arrays.copyOfRange(word, 3, word.length));
        assertThat(lines).containsExactly("grüße");
    }
}
