package dev.rpcplugin.examples.kv.plugin;

import dev.rpcplugin.client.PluginHost;
import dev.rpcplugin.examples.support.testing.ArchiveTraining;
import dev.rpcplugin.examples.support.testing.StartupTimer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints how long {@code bin/kv-plugin} takes from exec to its handshake line with the JVM's default
 * settings and with the shipped ones (C1 only, serial GC, AppCDS archive), with and without AutoMTLS,
 * and, when a JDK 25 is found, with its AOT cache for comparison. Only prints figures.
 * Run: {@code mvn -pl examples/kv-plugin exec:exec@startup-bench} after {@code mvn install}.
 * Arguments: the module directory, then optionally the launches per variant (default 11).
 */
public final class KvStartupBench {

    private static final Path JDK25 = Path.of(System.getProperty("bench.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"));

    private KvStartupBench() {
    }

    public static void main(String[] args) throws Exception {
        Path module = Path.of(args[0]).toAbsolutePath();
        int launches = args.length > 1 ? Integer.parseInt(args[1]) : 11;
        Path archive = module.resolve("target/cds/kv-plugin.jsa");
        String clientCert;
        try (PluginHost host = PluginHost.create()) {
            clientCert = host.hostIdentity().certificatePem();
        }
        Map<String, Map<String, String>> variants = new LinkedHashMap<>();
        variants.put("java 17, default flags", Map.of("RPCPLUGIN_JVM_PROFILE", "plain"));
        variants.put("java 17, AppCDS only", Map.of("RPCPLUGIN_JVM_PROFILE", "plain",
                "RPCPLUGIN_JAVA_OPTS", "-XX:SharedArchiveFile=" + archive));
        variants.put("java 17, C1 + SerialGC, no archive", Map.of("RPCPLUGIN_CDS", "off"));
        variants.put("java 17, C1 + AppCDS, G1", Map.of("RPCPLUGIN_JVM_PROFILE", "plain",
                "RPCPLUGIN_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:SharedArchiveFile=" + archive));
        variants.put("java 17, shipped (C1+SerialGC+AppCDS)", Map.of());
        variants.put("java 17, shipped + -XX:-UsePerfData", Map.of("RPCPLUGIN_JAVA_OPTS", "-XX:-UsePerfData"));
        variants.put("java 17, default flags, AutoMTLS", Map.of("RPCPLUGIN_JVM_PROFILE", "plain",
                "PLUGIN_CLIENT_CERT", clientCert));
        variants.put("java 17, shipped, AutoMTLS", Map.of("PLUGIN_CLIENT_CERT", clientCert));
        variants.put("java 17, shipped but C2 too, AutoMTLS", Map.of("PLUGIN_CLIENT_CERT", clientCert,
                "RPCPLUGIN_JAVA_OPTS", "-XX:TieredStopAtLevel=4"));
        if (Files.isExecutable(JDK25.resolve("bin/java"))) {
            // an AOT cache cannot be combined with -Xshare options: these runs use the plain profile
            String home = JDK25.toString();
            String fast = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
            Path plainCache = trainAotCache(module, "plain", "");
            Path fastCache = trainAotCache(module, "fast", fast);
            variants.put("java 25, default flags", Map.of("JAVA_HOME", home, "RPCPLUGIN_JVM_PROFILE", "plain"));
            variants.put("java 25, C1 + SerialGC", Map.of("JAVA_HOME", home, "RPCPLUGIN_JVM_PROFILE", "plain",
                    "RPCPLUGIN_JAVA_OPTS", fast));
            variants.put("java 25, AOT cache only", Map.of("JAVA_HOME", home, "RPCPLUGIN_JVM_PROFILE", "plain",
                    "RPCPLUGIN_JAVA_OPTS", "-XX:AOTCache=" + plainCache));
            variants.put("java 25, C1 + SerialGC + AOT cache", Map.of("JAVA_HOME", home,
                    "RPCPLUGIN_JVM_PROFILE", "plain", "RPCPLUGIN_JAVA_OPTS", fast + " -XX:AOTCache=" + fastCache));
        }
        Map<String, List<StartupTimer.Sample>> samples = new LinkedHashMap<>();
        variants.keySet().forEach(label -> samples.put(label, new ArrayList<>()));
        try (StartupTimer timer = new StartupTimer(module.resolve("bin/kv-plugin"), Map.of("BASIC_PLUGIN", "hello"))) {
            timer.launch(Map.of()); // warm the file cache
            // round by round, so that a busy spell of the machine hits every variant alike
            for (int round = 0; round < launches; round++) {
                for (Map.Entry<String, Map<String, String>> variant : variants.entrySet()) {
                    samples.get(variant.getKey()).add(timer.launch(variant.getValue()));
                }
            }
        }
        System.out.println("exec -> handshake line of bin/kv-plugin, " + launches + " launches each (interleaved), "
                + Runtime.getRuntime().availableProcessors() + " CPUs, load average "
                + java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        samples.forEach((label, list) -> System.out.println(StartupTimer.summary(label, list)));
    }

    // JEP 514: one training run writes the cache when the JVM exits.
    private static Path trainAotCache(Path module, String name, String flags) throws Exception {
        Path aot = module.resolve("target/aot/kv-plugin-" + name + ".aot");
        Files.createDirectories(aot.getParent());
        Files.deleteIfExists(aot);
        ArchiveTraining.trainPlugin(module, "kv-plugin", "BASIC_PLUGIN", "hello", KvPluginTraining.EXERCISE,
                Map.of("JAVA_HOME", JDK25.toString(), "RPCPLUGIN_JVM_PROFILE", "plain",
                        "RPCPLUGIN_JAVA_OPTS", (flags + " -XX:AOTCacheOutput=" + aot).trim()),
                aot);
        return aot;
    }
}
