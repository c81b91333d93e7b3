package dev.rpcplugin.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PipeLineReaderTest {

    private record Line(String text, boolean piece) {
    }

    private static List<Line> read(byte[] bytes) throws Exception {
        List<Line> lines = new ArrayList<>();
        PipeLineReader reader = new PipeLineReader(new ByteArrayInputStream(bytes),
                (text, piece) -> lines.add(new Line(text, piece)), "test pipe");
        reader.run();
        reader.done().get(1, TimeUnit.SECONDS);
        return lines;
    }

    @Test
    void splitsOnNewlineAndStripsCarriageReturn() throws Exception {
        assertThat(read("a\nb\r\n\nlast".getBytes(StandardCharsets.UTF_8))).containsExactly(
                new Line("a", false), new Line("b", false), new Line("", false), new Line("last", false));
    }

    @Test
    void decodesUtf8() throws Exception {
        assertThat(read("grüße ✓\n".getBytes(StandardCharsets.UTF_8))).containsExactly(new Line("grüße ✓", false));
    }

    @Test
    void linesOverSixtyFourKibArriveInPieces() throws Exception {
        String longLine = "x".repeat(PipeLineReader.MAX_LINE * 2 + 5);
        List<Line> lines = read((longLine + "\nnext\n").getBytes(StandardCharsets.UTF_8));
        assertThat(lines).extracting(Line::piece).containsExactly(true, true, false, false);
        assertThat(lines.get(0).text()).hasSize(PipeLineReader.MAX_LINE);
        assertThat(lines.get(2).text()).isEqualTo("xxxxx");
        assertThat(lines.get(3).text()).isEqualTo("next");
    }

    @Test
    void aThrowingConsumerDoesNotStopTheDrain() throws Exception {
        List<String> seen = new ArrayList<>();
        PipeLineReader reader = new PipeLineReader(new ByteArrayInputStream("1\n2\n3\n".getBytes(StandardCharsets.UTF_8)),
                (text, piece) -> {
                    seen.add(text);
                    if (text.equals("2")) {
                        throw new IllegalStateException("consumer broke");
                    }
                }, "test pipe");
        reader.run();
        assertThat(seen).containsExactly("1", "2", "3");
        assertThat(reader.done()).isCompleted();
    }

    @Test
    void linesWrittenOneByOneArriveCompleteAndInOrder() throws Exception {
        java.io.PipedOutputStream writer = new java.io.PipedOutputStream();
        java.io.PipedInputStream pipe = new java.io.PipedInputStream(writer, 64 * 1024);
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        PipeLineReader reader = new PipeLineReader(pipe, (text, piece) -> seen.add(text), "test pipe");
        Thread thread = new Thread(reader, "pipe reader");
        thread.start();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            writer.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
            writer.flush();
            expected.add("line " + i);
        }
        writer.close();
        reader.done().get(10, TimeUnit.SECONDS);
        thread.join(10_000);
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void closesThePipeAtEof() throws Exception {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream(new byte[0]) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        PipeLineReader reader = new PipeLineReader(in, (text, piece) -> { }, "test pipe");
        reader.run();
        assertThat(closed[0]).isTrue();
        assertThat(reader.done()).isCompleted();
    }
}
