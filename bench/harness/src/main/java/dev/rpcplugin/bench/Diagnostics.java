package dev.rpcplugin.bench;

import dev.rpcplugin.client.PluginClient;
import dev.rpcplugin.client.PluginHost;
import dev.rpcplugin.client.PluginStartException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.KeyAgreement;

/**
 * Measurements that explain figures rather than being figures: the cost of the JDK's elliptic-curve
 * operations in an AutoMTLS handshake with a go-plugin peer, and what forwarding the plugin's stderr
 * costs each host at 16 callers (the Go KV plugin logs every Put and Get).
 */
final class Diagnostics {

    private static final int CRYPTO_RUNS = 40;

    private final PluginHost host;
    private final GoHost go;
    private final Layout layout;
    private final Sizes sizes;

    Diagnostics(PluginHost host, GoHost go, Layout layout, Sizes sizes) {
        this.host = host;
        this.go = go;
        this.layout = layout;
        this.sizes = sizes;
    }

    /** Markdown: per-operation costs of the TLS handshake's public-key work in this JVM. */
    String crypto() throws GeneralSecurityException {
        KeyPair p521 = ecKeys("secp521r1", null);
        KeyPair p256 = ecKeys("secp256r1", null);
        byte[] data = new byte[128];
        byte[] signature = sign("SHA512withECDSA", p521, data, null);
        Provider bc = new org.bouncycastle.jce.provider.BouncyCastleProvider();
        StringBuilder md = new StringBuilder("## AutoMTLS: public-key work per handshake in this JVM\n\n")
                .append("Median ms per operation over ").append(CRYPTO_RUNS).append(" runs after as many warm-ups. In a")
                .append(" TLS 1.3 handshake with a go-plugin peer our host verifies the plugin's P-521 signature once,")
                .append(" signs once with its own key (P-256) and does one key agreement; go-plugin's certificates are")
                .append(" P-521, which the JDK computes in Java.\n\n| operation | ms |\n|---|---:|\n");
        row(md, "ECDSA P-521 verify (JDK SunEC)", () -> verify("SHA512withECDSA", p521, data, signature, null));
        row(md, "ECDSA P-521 verify (BouncyCastle, for comparison)",
                () -> verify("SHA512withECDSA", p521, data, signature, bc));
        row(md, "ECDSA P-256 sign (JDK SunEC)", () -> sign("SHA256withECDSA", p256, data, null));
        row(md, "X25519 key pair + agreement (JDK)", Diagnostics::x25519);
        row(md, "P-521 key pair (JDK SunEC; each go-plugin side makes one per launch)", () -> ecKeys("secp521r1", null));
        return md.toString();
    }

    /** Markdown: pairs with 16 callers with the Go KV plugin's stderr forwarded, and with it discarded. */
    String stderrCost() throws IOException, PluginStartException {
        Path dir = TempDirs.create();
        try {
            Path quiet = dir.resolve("kv-plugin-quiet");
            Files.writeString(quiet, "#!/bin/sh\nexec " + layout.goPlugin() + " 2>/dev/null\n");
            Files.setPosixFilePermissions(quiet, PosixFilePermissions.fromString("rwx------"));
            GoHost quietGo = new GoHost(layout.goHost(), quiet);
            Samples goLogged = go.pairs(16, sizes.pairsWarmup(), sizes.pairsRound(), sizes.pairsRounds());
            Samples goQuiet = quietGo.pairs(16, sizes.pairsWarmup(), sizes.pairsRound(), sizes.pairsRounds());
            Samples oursLogged = ours(Kv.command(layout.goPlugin()));
            Samples oursQuiet = ours(List.of(quiet.toString()));
            return "## Forwarding plugin logs at 16 callers\n\n"
                    + "The Go KV plugin writes a JSON log line to stderr for every Put (INFO) and Get (DEBUG); both"
                    + " hosts read and parse every line and drop them (host level WARN). Pairs per second (median) with"
                    + " the lines forwarded, and with the same plugin's stderr sent to /dev/null by a wrapper script:\n\n"
                    + "| host | stderr forwarded | stderr discarded | discarded / forwarded |\n|---|---:|---:|---:|\n"
                    + "| ours | " + Figure.number(oursLogged.median()) + " | " + Figure.number(oursQuiet.median()) + " | "
                    + ratio(oursQuiet, oursLogged) + " |\n"
                    + "| Go host | " + Figure.number(goLogged.median()) + " | " + Figure.number(goQuiet.median()) + " | "
                    + ratio(goQuiet, goLogged) + " |\n";
        } finally {
            TempDirs.delete(dir);
        }
    }

    private Samples ours(List<String> plugin) throws PluginStartException {
        PluginClient client = Kv.launch(host, plugin, false);
        try {
            return Pairs.rounds(Pairs.Mode.ASYNC, client.channel(), 16, sizes.pairsWarmup(), sizes.pairsRound(),
                    sizes.pairsRounds());
        } finally {
            client.kill();
        }
    }

    private static String ratio(Samples a, Samples b) {
        return String.format(java.util.Locale.ROOT, "%.2f", a.median() / b.median());
    }

    @FunctionalInterface
    private interface Operation {
        Object run() throws GeneralSecurityException;
    }

    private static void row(StringBuilder md, String what, Operation operation) throws GeneralSecurityException {
        for (int i = 0; i < CRYPTO_RUNS; i++) {
            operation.run();
        }
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < CRYPTO_RUNS; i++) {
            long t0 = System.nanoTime();
            operation.run();
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        md.append("| ").append(what).append(" | ").append(Figure.number(Samples.of(ms).median())).append(" |\n");
    }

    private static KeyPair ecKeys(String curve, Provider provider) throws GeneralSecurityException {
        KeyPairGenerator generator = provider == null ? KeyPairGenerator.getInstance("EC")
                : KeyPairGenerator.getInstance("EC", provider);
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    private static byte[] sign(String algorithm, KeyPair keys, byte[] data, Provider provider)
            throws GeneralSecurityException {
        Signature signer = provider == null ? Signature.getInstance(algorithm) : Signature.getInstance(algorithm, provider);
        signer.initSign(keys.getPrivate());
        signer.update(data);
        return signer.sign();
    }

    private static boolean verify(String algorithm, KeyPair keys, byte[] data, byte[] signature, Provider provider)
            throws GeneralSecurityException {
        Signature verifier = provider == null ? Signature.getInstance(algorithm)
                : Signature.getInstance(algorithm, provider);
        verifier.initVerify(keys.getPublic());
        verifier.update(data);
        if (!verifier.verify(signature)) {
            throw new GeneralSecurityException("a P-521 signature did not verify");
        }
        return true;
    }

    private static byte[] x25519() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("X25519");
        KeyPair ours = generator.generateKeyPair();
        KeyPair theirs = generator.generateKeyPair();
        KeyAgreement agreement = KeyAgreement.getInstance("X25519");
        agreement.init(ours.getPrivate());
        agreement.doPhase(theirs.getPublic(), true);
        return agreement.generateSecret();
    }
}
