/**
 * The fault suite: bounded tests that plugins, hosts and the container never leave a mess and refuse
 * what they must refuse, with real processes only.
 *
 * <ul>
 *   <li>{@link dev.rpcplugin.itest.fault.StartStopCyclesIT}: 1,000 start/stop cycles of the Go KV plugin
 *       leave no process, file descriptor, host thread or socket file, and stop gracefully.</li>
 *   <li>{@link dev.rpcplugin.itest.fault.ContainerKillIT}: the container distribution killed with SIGKILL;
 *       every plugin it launched exits within 1 s.</li>
 *   <li>{@link dev.rpcplugin.itest.fault.BidiStreamSoakIT}: 64 sequenced bidirectional streams for 60 s;
 *       nothing lost, duplicated or reordered, no live-heap growth in host or plugin.</li>
 *   <li>{@link dev.rpcplugin.itest.fault.TlsPeerRejectionIT} and
 *       {@link dev.rpcplugin.itest.fault.ImpostorPluginIT}: wrong, missing and plaintext peers refused, on
 *       the plugin's side and on the host's.</li>
 *   <li>{@link dev.rpcplugin.itest.fault.SocketPermissionsIT}: 0700 directories, 0600 socket, another local
 *       user cannot connect (needs root to be that user; skipped otherwise, after the permissions).</li>
 *   <li>{@link dev.rpcplugin.itest.fault.ChecksumMismatchIT}: a checksum mismatch in the runtime is FAILED
 *       with the reason and never runs the executable.</li>
 *   <li>{@link dev.rpcplugin.itest.fault.HandshakeFuzzIT} and
 *       {@link dev.rpcplugin.itest.fault.NonAsciiSocketPathIT}: 100,000 generated plugin outputs through the
 *       host's handshake reader and parser, then such output through the client's whole start path, with no
 *       hang, untyped failure or leftover (the handshake module's jqwik properties fuzz the parser
 *       further).</li>
 * </ul>
 *
 * <p>Run: {@code mvn -B verify -pl integration-tests -Dit.test='dev.rpcplugin.itest.fault.*IT'} (about three
 * minutes on two cores). System properties: {@code itest.fault.cycles} (1000), {@code itest.fault.stream.seconds}
 * (60), {@code itest.fault.fuzz.parser.inputs} (100000), {@code itest.fault.fuzz.inputs} (400),
 * {@code itest.fault.fuzz.seed} (random, printed).
 */
package dev.rpcplugin.itest.fault;
