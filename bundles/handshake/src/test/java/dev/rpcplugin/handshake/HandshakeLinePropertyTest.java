package dev.rpcplugin.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rpcplugin.handshake.internal.HandshakeScan;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Generated and mutated handshake lines: every input parses or raises {@link HandshakeException}
 * within a time limit, accepted lines are stable under format-then-parse, and formatted lines
 * round-trip. Tries per property are explicit: the first three properties are the 110,000 hostile
 * inputs (each through three parsers), the last two the valid lines.
 */
class HandshakeLinePropertyTest {

    /** Far above a parse's microseconds; a parser that loops fails the property instead of the build hanging. */
    private static final long PARSE_LIMIT_SECONDS = 10;

    private static final Set<Integer> HOST_VERSIONS = Set.of(0, 1, 2, 5, 6, 42);
    private static final List<String> PROTOCOLS = List.of("grpc", "netrpc");
    // Printable ASCII except '|', a few spaces and non-ASCII letters, and a non-BMP character.
    private static final List<String> PATH_CHARACTERS = java.util.stream.Stream.concat(
            "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{}~".chars()
                    .mapToObj(c -> String.valueOf((char) c)),
            java.util.stream.Stream.of(" ", "ä", "é", "€", "\u00A0", "😀")).toList();

    /** A daemon thread: a parser stuck in a loop must not keep the test JVM from ending. Replaced after a hang. */
    private static volatile ExecutorService parsing = newParsingThread();

    private final HandshakeParser plain = HandshakeParser.builder(HOST_VERSIONS).build();
    private final HandshakeParser both = HandshakeParser.builder(HOST_VERSIONS).allowedProtocols(PROTOCOLS).build();
    private final HandshakeParser multiplexing = HandshakeParser.builder(HOST_VERSIONS).allowedProtocols(PROTOCOLS)
            .multiplexRequested(true).build();

    @Property(tries = 35_000)
    void arbitraryTextParsesOrFailsTyped(@ForAll("anyText") String line) {
        checkAllParsers(line);
    }

    @Property(tries = 35_000)
    void fieldSoupParsesOrFailsTyped(@ForAll("fieldSoup") String line) {
        checkAllParsers(line);
    }

    @Property(tries = 40_000)
    void mutatedValidLinesParseOrFailTyped(@ForAll("validLines") HandshakeLine valid,
            @ForAll("mutations") List<Mutation> mutations) {
        String line = valid.format();
        for (Mutation mutation : mutations) {
            line = mutation.apply(line);
        }
        checkAllParsers(line);
    }

    @Property(tries = 10_000)
    void formatThenParseRoundTrips(@ForAll("validLines") HandshakeLine line) {
        HandshakeParser parser = line.multiplexSupported().isPresent() ? multiplexing : both;
        bounded(line.format(), () -> {
            assertThat(parser.parse(line.format())).isEqualTo(line);
            assertThat(parser.parse(" \t" + line.format() + "\r\n")).isEqualTo(line);
        });
    }

    @Property(tries = 5_000)
    void formattedLinesRoundTripThroughTheByteReader(@ForAll("validLines") HandshakeLine line,
            @ForAll("printable") String after) {
        HandshakeParser parser = line.multiplexSupported().isPresent() ? multiplexing : both;
        byte[] stdout = (line.format() + "\n" + after).getBytes(StandardCharsets.UTF_8);
        ByteArrayInputStream in = new ByteArrayInputStream(stdout);
        bounded(line.format(), () -> {
            HandshakeLine read = new HandshakeScan(parser, HandshakeReader.MAX_LINE_BYTES, 0, skipped -> { }).scan(in);
            assertThat(read).isEqualTo(line);
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(after);
        });
    }

    @AfterContainer
    static void stopParsing() {
        parsing.shutdownNow(); // a thread stuck in a parse is a daemon: its property failed already
    }

    private static ExecutorService newParsingThread() {
        return Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "handshake-parse");
            thread.setDaemon(true);
            return thread;
        });
    }

    private void checkAllParsers(String line) {
        bounded(line, () -> {
            checkParse(plain, line);
            checkParse(both, line);
            checkParse(multiplexing, line);
        });
    }

    @FunctionalInterface
    private interface Check {
        void run() throws Exception;
    }

    /** Runs {@code check} of {@code line} on the parsing thread, failing when it takes over the limit. */
    private static void bounded(String line, Check check) {
        Future<?> running = parsing.submit(() -> {
            check.run();
            return null;
        });
        try {
            running.get(PARSE_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            parsing.shutdownNow();
            parsing = newParsingThread(); // the stuck thread stays stuck; the next input gets a new one
            throw new AssertionError("parsing took longer than " + PARSE_LIMIT_SECONDS + " s: " + quoted(line), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new AssertionError("parsing " + quoted(line) + " threw " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String quoted(String line) {
        return "\"" + line.replace("\n", "\\n").replace("\r", "\\r") + "\"";
    }

    /** Parses or fails typed; accepted lines satisfy the contract and survive format-then-parse. */
    private static void checkParse(HandshakeParser parser, String line) {
        HandshakeLine parsed;
        try {
            parsed = parser.parse(line);
        } catch (HandshakeException e) {
            assertThat(e.reason()).isNotNull();
            assertThat(e.getMessage()).isNotBlank().hasSizeLessThan(4_000);
            return;
        }
        assertThat(parser.appVersions()).contains(parsed.appVersion());
        assertThat(parser.allowedProtocols()).contains(parsed.protocol());
        assertThat(parsed.address()).isNotEmpty().doesNotContain("|");
        assertThat(parsed.multiplexSupported())
                .isEqualTo(parser.multiplexRequested() && parsed.protocol().equals("grpc")
                        ? Optional.of(true) : Optional.empty());
        try {
            assertThat(parser.parse(parsed.format())).isEqualTo(parsed);
        } catch (HandshakeException e) {
            throw new AssertionError("accepted " + parsed + " but not its formatted form " + parsed.format(), e);
        }
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(80),
                Arbitraries.strings().withChars("0123456789|+-:/ \t\r\n.[]abcdefghijklmnopqrstuvwxyz=_").ofMaxLength(80),
                Arbitraries.strings().withChars("1|").ofMaxLength(30));
    }

    @Provide
    Arbitrary<String> fieldSoup() {
        return token().list().ofMinSize(0).ofMaxSize(10).map(fields -> String.join("|", fields));
    }

    @Provide
    Arbitrary<String> printable() {
        return Arbitraries.strings().withCharRange(' ', '~').withChars('\n').ofMaxLength(60);
    }

    @Provide
    Arbitrary<HandshakeLine> validLines() {
        Arbitrary<Integer> version = Arbitraries.of(HOST_VERSIONS);
        Arbitrary<Network> network = Arbitraries.of(Network.class);
        Arbitrary<String> unixPath = seededText(1, 100, PATH_CHARACTERS).map(path -> "/tmp/" + path);
        Arbitrary<String> tcpAddress = Combinators.combine(tcpHost(), Arbitraries.integers().between(1, 65535))
                .as((host, port) -> host + ":" + port);
        Arbitrary<byte[]> certificate = seededBytes(38, 2_000).injectNull(0.3);
        Arbitrary<Boolean> multiplex = Arbitraries.of(true, false);
        return Combinators.combine(version, network, unixPath, tcpAddress, Arbitraries.of(PROTOCOLS), certificate,
                multiplex).as((v, net, path, tcp, protocol, der, mux) -> {
                    HandshakeLine.Builder builder = HandshakeLine.builder(v, net, net == Network.UNIX ? path : tcp)
                            .protocol(protocol).serverCertificate(der);
                    // Field 7 only comes with a gRPC plugin whose host asked for it.
                    return (mux && protocol.equals("grpc") ? builder.multiplexSupported(true) : builder).build();
                });
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Mutation> mutation = Combinators.combine(Arbitraries.of(MutationKind.class),
                Arbitraries.integers().between(0, 10_000), Arbitraries.integers().between(0, 10_000), token())
                .as(Mutation::new);
        return mutation.list().ofMinSize(1).ofMaxSize(4);
    }

    private static Arbitrary<String> tcpHost() {
        Arbitrary<String> ipv4 = Arbitraries.integers().between(0, 255).list().ofSize(4)
                .map(parts -> String.join(".", parts.stream().map(String::valueOf).toList()));
        Arbitrary<String> name = seededText(1, 30, List.of("abcdefghijklmnopqrstuvwxyz0123456789.-".split("")));
        Arbitrary<String> ipv6 = seededText(1, 39, List.of("0123456789abcdef:".split(""))).map(inner -> "[" + inner + "]");
        return Arbitraries.oneOf(ipv4, name, ipv6, Arbitraries.of("localhost", "127.0.0.1", "[::1]"));
    }

    /** Field values that stress the parser: numbers of every shape, keywords, whitespace, unicode, base64. */
    private static Arbitrary<String> token() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("1", "0", "2", "+1", "01", "-1", "", "unix", "tcp", "grpc", "netrpc", "true",
                                "false", "T", "yes", "/tmp/p", "127.0.0.1:1234", "[::1]:80", "127.0.0.1:0", ":1", "udp")),
                Tuple.of(2, Arbitraries.longs().map(String::valueOf)),
                Tuple.of(2, Arbitraries.strings().numeric().ofMinLength(19).ofMaxLength(45)
                        .map(digits -> (digits.hashCode() % 2 == 0 ? "-" : "") + digits)),
                Tuple.of(1, Arbitraries.of(" ", "\t", "\r", "\n", "\u00A0", "\u3000", "\u0085", "\u200B")),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(12)),
                Tuple.of(2, seededBytes(20, 900).map(HandshakeLinePropertyTest::base64ish)));
    }

    /**
     * Random byte arrays of the given size range, made from a generated seed: far cheaper than
     * element-wise generation for certificate-sized arrays (shrinking then works on size and seed).
     */
    private static Arbitrary<byte[]> seededBytes(int minSize, int maxSize) {
        return Combinators.combine(Arbitraries.integers().between(minSize, maxSize), Arbitraries.longs())
                .as((size, seed) -> {
                    byte[] bytes = new byte[size];
                    new Random(seed).nextBytes(bytes);
                    return bytes;
                });
    }

    /** Text of the given length range drawn from {@code pieces}, made from a generated seed. */
    private static Arbitrary<String> seededText(int minLength, int maxLength, List<String> pieces) {
        return Combinators.combine(Arbitraries.integers().between(minLength, maxLength), Arbitraries.longs())
                .as((length, seed) -> {
                    Random random = new Random(seed);
                    StringBuilder text = new StringBuilder();
                    for (int i = 0; i < length; i++) {
                        text.append(pieces.get(random.nextInt(pieces.size())));
                    }
                    return text.toString();
                });
    }

    /** Mostly standard base64, sometimes padded, sometimes with URL-safe or stray characters. */
    private static String base64ish(byte[] bytes) {
        String encoded = Base64.getEncoder().encodeToString(bytes);
        return switch (bytes[0] & 7) {
            case 0 -> encoded.replace('+', '-').replace('/', '_');
            case 1 -> encoded.substring(0, encoded.length() / 2) + "=" + encoded.substring(encoded.length() / 2);
            case 2 -> encoded.substring(1);
            case 3 -> encoded;
            default -> encoded.replace("=", "");
        };
    }

    enum MutationKind {
        DROP_FIELD, DUPLICATE_FIELD, INSERT_FIELD, REPLACE_FIELD, SWAP_FIELDS, INSERT_TEXT, DELETE_TEXT,
        WRAP_IN_WHITESPACE, TRUNCATE, FLIP_CHARACTER
    }

    /** One edit of a line, driven by two positions and a token. */
    record Mutation(MutationKind kind, int a, int b, String token) {

        String apply(String line) {
            List<String> fields = new ArrayList<>(Arrays.asList(line.split("\\|", -1)));
            int i = a % fields.size();
            int j = b % fields.size();
            int at = line.isEmpty() ? 0 : a % (line.length() + 1);
            switch (kind) {
                case DROP_FIELD -> fields.remove(i);
                case DUPLICATE_FIELD -> fields.add(i, fields.get(i));
                case INSERT_FIELD -> fields.add(i, token);
                case REPLACE_FIELD -> fields.set(i, token);
                case SWAP_FIELDS -> {
                    String first = fields.get(i);
                    fields.set(i, fields.get(j));
                    fields.set(j, first);
                }
                case INSERT_TEXT -> {
                    return line.substring(0, at) + token + line.substring(at);
                }
                case DELETE_TEXT -> {
                    return line.substring(0, at) + line.substring(Math.min(line.length(), at + 1 + b % 8));
                }
                case WRAP_IN_WHITESPACE -> {
                    return (b % 2 == 0 ? " \t" : "\u3000") + line + (b % 3 == 0 ? "\r\n" : "\u00A0 ");
                }
                case TRUNCATE -> {
                    return line.substring(0, at);
                }
                case FLIP_CHARACTER -> {
                    if (line.isEmpty()) {
                        return line;
                    }
                    int index = Math.min(at, line.length() - 1);
                    return line.substring(0, index) + (char) (line.charAt(index) ^ (1 << (b % 16)))
                            + line.substring(index + 1);
                }
                default -> throw new IllegalStateException(kind.name());
            }
            return String.join("|", fields);
        }
    }
}
