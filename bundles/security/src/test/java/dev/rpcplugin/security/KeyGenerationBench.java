package dev.rpcplugin.security;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints how long {@link AutoMtlsCertificates#generate(KeyType)} takes per key type: the first call
 * in this JVM (what a freshly started plugin or host pays) and the mean of further calls. Run one
 * key type per JVM for honest first-call figures:
 *
 * <pre>java -cp target/classes:target/test-classes:$(cat cp.txt) dev.rpcplugin.security.KeyGenerationBench EC_P256 50</pre>
 */
public final class KeyGenerationBench {
    private KeyGenerationBench() {
    }

    /**
     * @param args key type names (default: all), optionally followed by the number of warm calls (default 30)
     */
    public static void main(String[] args) {
        List<KeyType> types = new ArrayList<>();
        int warmCalls = 30;
        for (String arg : args) {
            if (arg.chars().allMatch(Character::isDigit)) {
                warmCalls = Integer.parseInt(arg);
            } else {
                types.add(KeyType.valueOf(arg));
            }
        }
        if (types.isEmpty()) {
            types.addAll(List.of(KeyType.values()));
        }
        // CPU time as well as wall time: on a busy machine the wall time mostly measures the others
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (KeyType type : types) {
            long wall = System.nanoTime();
            long thread = cpu.getCurrentThreadCpuTime();
            AutoMtlsCertificates.generate(type);
            double firstWall = (System.nanoTime() - wall) / 1e6;
            double firstCpu = (cpu.getCurrentThreadCpuTime() - thread) / 1e6;
            int calls = type == KeyType.RSA_2048 ? Math.max(1, warmCalls / 5) : warmCalls;
            wall = System.nanoTime();
            thread = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < calls; i++) {
                AutoMtlsCertificates.generate(type);
            }
            double meanWall = (System.nanoTime() - wall) / 1e6 / calls;
            double meanCpu = (cpu.getCurrentThreadCpuTime() - thread) / 1e6 / calls;
            System.out.printf("%-9s first call %7.1f ms (cpu %6.1f), then mean %6.2f ms (cpu %6.2f) over %d calls%n",
                    type, firstWall, firstCpu, meanWall, meanCpu, calls);
        }
    }
}
