package dev.rpcplugin.bench;

import java.time.Duration;

/**
 * Warm-ups and sample sizes of one run. Peers are measured in {@code alternations} interleaved
 * batches (ours, peer, ours, peer...) so that both see the same noise.
 *
 * @param alternations interleaved batches per side
 * @param launchWarmup launches before the measured ones, per side and mode
 * @param launches measured launches per batch
 * @param pairsWarmup Put+Get warm-up on a fresh connection
 * @param pairsRound one measured round of pairs
 * @param pairsRounds measured rounds per batch
 * @param streamMessages 64 KiB messages per streaming round
 * @param streamWarmup streaming (and raw copy) rounds before the measured ones, alternating, for at least
 *     this long: both JVMs compile the 64 KiB paths with C2 only after a few seconds of streaming
 * @param streamRounds measured streaming rounds
 * @param execRuns measured exec -> handshake runs per plugin (after two warm-up runs each)
 * @param containerWarmup configuration -> first RPC launches in the container before the measured ones: as
 *     many as the plaintext launches that warm our host's JVM ({@link JvmWarmup}) before its launches are
 *     measured
 * @param containerLaunches measured configuration -> first RPC launches in the container
 * @param containerPlugins plugins started at once in the container
 * @param containerKills measured kill -> unregistration runs
 */
record Sizes(int alternations, int launchWarmup, int launches, Duration pairsWarmup, Duration pairsRound,
        int pairsRounds, int streamMessages, Duration streamWarmup, int streamRounds, int execRuns,
        int containerWarmup, int containerLaunches, int containerPlugins, int containerKills) {

    static Sizes full() {
        return new Sizes(2, 3, 15, Duration.ofSeconds(2), Duration.ofMillis(1500), 3, 8192, Duration.ofSeconds(8), 7,
                10, JvmWarmup.PLAINTEXT_LAUNCHES, 15, 100, 10);
    }

    /** A short run to check that everything works; its figures are rough. */
    static Sizes quick() {
        return new Sizes(1, 2, 5, Duration.ofMillis(500), Duration.ofMillis(500), 2, 1024, Duration.ofSeconds(1), 3,
                3, JvmWarmup.PLAINTEXT_LAUNCHES / 4, 3, 10, 3);
    }
}
