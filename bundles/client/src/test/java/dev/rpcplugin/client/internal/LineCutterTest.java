package dev.rpcplugin.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineCutterTest {

    private final List<String> lines = new ArrayList<>();
    private final List<Boolean> pieces = new ArrayList<>();
    private final LineCutter cutter = new LineCutter((line, piece) -> {
        lines.add(line);
        pieces.add(piece);
    });

    private void send(String chunk) {
        byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
        cutter.cut(bytes, 0, bytes.length);
    }

    @Test
    void linesAreCutAtTheirEndsAcrossChunksAndAnUnfinishedLineWaitsForFlush() {
        send("first\nsec");
        send("ond\r\nthird\n\nfour");
        assertThat(lines).containsExactly("first", "second", "third", "");
        send("th");
        cutter.flush();
        cutter.flush();
        assertThat(lines).endsWith("fourth").hasSize(5);
        assertThat(pieces).containsOnly(false);
    }

    @Test
    void aLineOfExactlyTheLimitIsOneLineWithoutAnEmptyOneAfterIt() {
        send("x".repeat(LineCutter.MAX_LINE) + "\n");
        send("y".repeat(LineCutter.MAX_LINE - 1) + "\r\n");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).hasSize(LineCutter.MAX_LINE);
        assertThat(lines.get(1)).hasSize(LineCutter.MAX_LINE - 1).doesNotContain("\r");
    }

    @Test
    void aLongerLineArrivesInPiecesCutBetweenCharacters() {
        send("x".repeat(LineCutter.MAX_LINE - 1) + "\u00fcz\n"); // the limit falls inside the two bytes of the u umlaut
        assertThat(lines).containsExactly("x".repeat(LineCutter.MAX_LINE - 1), "\u00fcz");
        assertThat(pieces).containsExactly(true, false);
    }

    @Test
    void aCharacterSplitBetweenTwoChunksIsDecodedWhole() {
        byte[] word = "gr\u00fc\u00dfe\n".getBytes(StandardCharsets.UTF_8);
        cutter.cut(word, 0, 3); // ends inside the u umlaut
        cutter.cut(Arrays.copyOfRange(word, 3, word.length), 0, word.length - 3);
        assertThat(lines).containsExactly("gr\u00fc\u00dfe");
    }
}
