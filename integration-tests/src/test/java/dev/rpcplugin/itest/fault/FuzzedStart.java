package dev.rpcplugin.itest.fault;

import dev.rpcplugin.security.AutoMtlsCertificates;
import dev.rpcplugin.security.Der;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * One generated plugin start for the handshake fuzz: what the plugin prints on stdout, whether it then
 * stays or exits (and with which status), and the host's settings. Addresses are chosen so that no
 * dial can leave the machine or reach anyone else's socket: Unix paths under the test's own directory
 * (which do not exist), TCP only to the test's own black-hole port on 127.0.0.1, and inputs with
 * random byte mutations are only allowed the {@code unix} network.
 *
 * @param stdout the plugin's whole stdout
 * @param stays whether the plugin keeps running after printing (else it exits)
 * @param exitStatus its exit status when it exits
 * @param autoMtls whether the host asks for AutoMTLS
 * @param lenientLines stray lines the host skips, or -1 for the strict handshake
 * @param versions the host's app protocol versions
 * @param unixOnly whether the host allows only the unix network
 */
record FuzzedStart(byte[] stdout, boolean stays, int exitStatus, boolean autoMtls, int lenientLines, int[] versions,
        boolean unixOnly) {

    // the valid values are repeated so that about a third of the lines reach the connect step
    private static final String[] CORE = {"1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "0",
            "2", "-1", "", "01", " 1", "+1", "99999999999999999999", "x"};
    private static final String[] APP = {"5", "0", "-3", "", "1.0", "9223372036854775808", "x"};
    private static final String[] NETWORK = {"unix", "unix", "unix", "unix", "unix", "tcp", "tcp", "tcp", "udp", "",
            "UNIX", "unixgram"};
    private static final String[] PROTOCOL = {"grpc", "grpc", "grpc", "grpc", "grpc", "grpc", "netrpc", "", "GRPC",
            "http"};
    private static final String[] FIELD_SEVEN = {"true", "false", "yes", "", "1"};
    private static final int[][] VERSIONS = {{1}, {1}, {1, 2}, {2, 5}, {0}};

    /**
     * The next input from {@code random}; {@code dir} is the test's own directory, {@code blackHole} its
     * port. Output without a final newline only ever comes from a plugin that exits, except in the few
     * inputs meant to run into the start timeout.
     */
    static FuzzedStart next(Random random, String dir, int blackHole, int index) {
        int[] versions = VERSIONS[random.nextInt(VERSIONS.length)];
        int kind = random.nextInt(100);
        boolean unixOnly = false;
        byte[] stdout;
        if (kind < 60) {
            stdout = utf8(fieldLine(random, versions, dir, blackHole, index) + ending(random));
        } else if (kind < 78) {
            stdout = utf8(mutate(random, fieldLine(random, versions, dir, blackHole, index)) + ending(random));
            unixOnly = true;
        } else if (kind < 88) {
            stdout = utf8(noise(random) + fieldLine(random, versions, dir, blackHole, index) + "\n");
        } else if (kind < 98) {
            stdout = new byte[random.nextInt(300)];
            random.nextBytes(stdout);
            if (stdout.length > 0 && random.nextBoolean()) {
                stdout[random.nextInt(stdout.length)] = '\n';
            }
            unixOnly = true;
        } else {
            // nothing, or a line that never ends, from a plugin that stays: the start timeout ends these
            String partial = random.nextBoolean() ? "" : "1|1|unix|" + dir + "/partial" + index;
            return new FuzzedStart(utf8(partial), true, 0, false, lenient(random), versions, true);
        }
        boolean lineEnded = stdout.length > 0 && stdout[stdout.length - 1] == '\n';
        return new FuzzedStart(stdout, lineEnded && random.nextInt(4) > 0, random.nextInt(3), random.nextInt(3) == 0,
                lenient(random), versions, unixOnly);
    }

    private static String fieldLine(Random random, int[] versions, String dir, int blackHole, int index) {
        String app = random.nextInt(8) > 0 ? Integer.toString(versions[random.nextInt(versions.length)])
                : pick(random, APP);
        List<String> fields = new ArrayList<>(List.of(pick(random, CORE), app));
        String network = pick(random, NETWORK);
        fields.add(network);
        fields.add(address(random, network, dir, blackHole, index));
        fields.add(pick(random, PROTOCOL));
        fields.add(certificate(random));
        if (random.nextInt(5) == 0) {
            fields.add(pick(random, FIELD_SEVEN));
        }
        int count = random.nextInt(10) == 0 ? random.nextInt(fields.size() + 1) : fields.size();
        return String.join("|", fields.subList(0, count));
    }

    private static String address(Random random, String network, String dir, int blackHole, int index) {
        if (network.startsWith("tcp") && random.nextInt(6) > 0) {
            String hole = "127.0.0.1:" + blackHole;
            String[] tcp = {hole, hole, hole, hole, hole, hole, "127.0.0.1", "127.0.0.1:",
                    "127.0.0.1:0", "127.0.0.1:99999", "127.0.0.1:-1", "127.0.0.1:port", "[127.0.0.1:1", ":" + blackHole,
                    "[::1", "127.0.0.1:" + blackHole + "0000"};
            return pick(random, tcp);
        }
        String missing = dir + "/nope" + index;
        String[] unix = {missing, missing, missing, missing, missing, missing, "", "relative" + index,
                dir + "/" + "d".repeat(120), dir + "/with space" + index, dir + "/\u00e4\u20ac" + index};
        return pick(random, unix);
    }

    private static String certificate(Random random) {
        switch (random.nextInt(6)) {
            case 0:
            case 1:
                return "";
            case 2:
                return ValidCertificate.BASE64;
            case 3:
                byte[] junk = new byte[20 + random.nextInt(900)];
                random.nextBytes(junk);
                return Base64.getEncoder().encodeToString(junk);
            case 4:
                return "!!not base64!!";
            default:
                return "MIIB" + "A".repeat(random.nextInt(60));
        }
    }

    private static String mutate(Random random, String line) {
        StringBuilder text = new StringBuilder(line);
        int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            int at = text.length() == 0 ? 0 : random.nextInt(text.length());
            String[] inserts = {"|", "\r", "\u0000", "\t", " ", "\u00ff", "\ud83d\ude00", "1", "|grpc|"};
            switch (random.nextInt(3)) {
                case 0 -> text.insert(at, pick(random, inserts));
                case 1 -> {
                    if (text.length() > 0) {
                        text.deleteCharAt(at);
                    }
                }
                default -> {
                    if (text.length() > 0) {
                        text.setCharAt(at, (char) (' ' + random.nextInt(95)));
                    }
                }
            }
        }
        return text.toString();
    }

    private static String noise(Random random) {
        StringBuilder text = new StringBuilder();
        int lines = random.nextInt(4);
        for (int i = 0; i < lines; i++) {
            text.append(random.nextBoolean() ? "starting up..." : "x".repeat(random.nextInt(2) == 0 ? 10 : 70_000))
                    .append('\n');
        }
        return text.toString();
    }

    private static String ending(Random random) {
        String[] endings = {"\n", "\n", "\r\n", "", "\n\n", "\ntrailing output\n"};
        return pick(random, endings);
    }

    private static int lenient(Random random) {
        return random.nextInt(3) == 0 ? random.nextInt(4) : -1;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    /** One valid AutoMTLS certificate for all inputs, made when first needed (a P-521 key takes milliseconds). */
    private static final class ValidCertificate {
        static final String BASE64 = Der.encodeBase64Certificate(AutoMtlsCertificates.generate().certificate());
    }
}
