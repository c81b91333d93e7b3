package dev.rpcplugin.security;

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
        for (KeyType type : types) {
            long start = System.nanoTime();
            AutoMtlsCertificates.generate(type);
            double first = (System.nanoTime() - start) / 1e6;
            int calls = type == KeyType.RSA_2048 ? Math.max(1, warmCalls / 5) : warmCalls;
            start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                AutoMtlsCertificates.generate(type);
            }
            double mean = (System.nanoTime() - start) / 1e6 / calls;
            System.out.printf("%-9s first call %7.1f ms, then mean %6.2f ms over %d calls%n", type, first, mean, calls);
        }
    }
}
