package dev.rpcplugin.transport.internal;

import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A Unix socket address whose text form is ASCII. grpc-java turns a channel's address into a target
 * URI through {@link #toString()} and refuses characters outside RFC 3986, so a path such as
 * {@code /tmp/tmp-äö/plugin1} could not be dialled; the connection itself only uses {@link #path()}.
 */
public final class AsciiDomainSocketAddress extends DomainSocketAddress {

    private static final long serialVersionUID = 1L;
    private static final String HEX = "0123456789ABCDEF";

    public AsciiDomainSocketAddress(String path) {
        super(path);
    }

    /** The path with every byte outside printable ASCII (and {@code %}) percent-encoded as UTF-8. */
    @Override
    public String toString() {
        byte[] bytes = path().getBytes(StandardCharsets.UTF_8);
        StringBuilder text = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f && c != '%') {
                text.append((char) c);
            } else {
                text.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xf));
            }
        }
        return text.toString();
    }
}
