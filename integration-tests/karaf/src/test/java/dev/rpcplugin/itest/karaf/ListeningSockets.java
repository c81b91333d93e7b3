package dev.rpcplugin.itest.karaf;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The TCP sockets a Linux process listens on, read from {@code /proc}. */
final class ListeningSockets {

    private static final String LISTEN = "0A";

    private ListeningSockets() {
    }

    /** The local addresses (as {@code ip:port}) of the TCP listeners that process {@code pid} owns. */
    static List<String> of(long pid) throws IOException {
        Set<String> inodes = socketInodes(pid);
        List<String> listeners = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            Path file = Path.of("/proc", String.valueOf(pid), "net", table);
            if (!Files.exists(file)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 9 && fields[3].equals(LISTEN) && inodes.contains(fields[9])) {
                    listeners.add(decode(fields[1]));
                }
            }
        }
        return listeners;
    }

    /** Whether an address from {@link #of} is on the loopback interface. */
    static boolean isLoopback(String address) {
        return address.startsWith("127.") || address.startsWith("[::1]") || address.startsWith("[::ffff:127.");
    }

    private static Set<String> socketInodes(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // the descriptor was closed meanwhile
                }
            }
        }
        return inodes;
    }

    /** {@code 0100007F:1F90} is 127.0.0.1:8080: each 32-bit word of the address is little-endian hex. */
    private static String decode(String hex) {
        String[] parts = hex.split(":");
        int port = Integer.parseInt(parts[1], 16);
        String ip = parts[0];
        if (ip.length() == 8) {
            return ipv4Word(ip) + ":" + port;
        }
        boolean mapped = ip.substring(0, 16).equals("0000000000000000") && ip.substring(16, 24).equals("FFFF0000");
        if (mapped) {
            return "[::ffff:" + ipv4Word(ip.substring(24)) + "]:" + port;
        }
        StringBuilder v6 = new StringBuilder();
        for (int word = 0; word < 4; word++) {
            String w = ip.substring(word * 8, word * 8 + 8);
            for (int b = 3; b >= 0; b--) {
                v6.append(w, b * 2, b * 2 + 2);
                if (b % 2 == 0 && !(word == 3 && b == 0)) {
                    v6.append(':');
                }
            }
        }
        String full = v6.toString().toLowerCase();
        return "[" + (full.equals("0000:0000:0000:0000:0000:0000:0000:0001") ? "::1" : full) + "]:" + port;
    }

    private static String ipv4Word(String hex) {
        return Integer.parseInt(hex.substring(6, 8), 16) + "." + Integer.parseInt(hex.substring(4, 6), 16) + "."
                + Integer.parseInt(hex.substring(2, 4), 16) + "." + Integer.parseInt(hex.substring(0, 2), 16);
    }
}
