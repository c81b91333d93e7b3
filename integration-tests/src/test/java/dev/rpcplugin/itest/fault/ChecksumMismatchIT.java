package dev.rpcplugin.itest.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The runtime, in the container distribution, with two configurations of the same plugin script: one
 * with the script's SHA-256, one with another file's. The script touches a marker file (named by its
 * environment) before it becomes the Go KV plugin, so a run leaves a trace. The mismatching one must
 * be FAILED with the checksum message and never run; the matching one serves (proving the script and
 * its marker work).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChecksumMismatchIT {

    @Test
    void aMismatchingChecksumFailsThePluginWithoutEverStartingIt() throws Exception {
        try (ScratchDirectory scratch = ScratchDirectory.create("fcs")) {
            Path goPlugin = FaultPrograms.go("kv-plugin");
            Path script = scratch.path().resolve("kv-plugin.sh");
            Files.writeString(script, "#!/bin/sh\ntouch \"$FAULT_MARKER\"\nexec " + goPlugin + "\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            String scriptSum = sha256(script);
            String otherSum = sha256(goPlugin);
            Path badMarker = scratch.path().resolve("bad-ran");
            Path goodMarker = scratch.path().resolve("good-ran");

            ContainerCopy container = ContainerCopy.create(scratch.path());
            Path sockets = scratch.directory("s");
            Map<String, String> bad = new LinkedHashMap<>(ContainerCopy.pluginAttributes(script, "BASIC_PLUGIN", "hello",
                    sockets));
            bad.put("checksum", otherSum);
            bad.put("environment", "FAULT_MARKER=" + badMarker);
            container.plugin("badsum", bad);
            Map<String, String> good = new LinkedHashMap<>(ContainerCopy.pluginAttributes(script, "BASIC_PLUGIN",
                    "hello", sockets));
            good.put("checksum", scriptSum);
            good.put("environment", "FAULT_MARKER=" + goodMarker);
            container.plugin("goodsum", good);

            String stdout;
            try (ContainerCopy.Running running = container.start("--wait", "60", "--exec",
                    "plugin:info badsum; plugin:info goodsum")) {
                int exit = running.finish(Duration.ofSeconds(100));
                stdout = running.stdout();
                assertThat(exit).as("container exit; stdout:\n" + stdout + "\nstderr:\n" + running.stderr()).isZero();
            }
            Map<String, String> badInfo = PluginListing.info(stdout, "badsum");
            Map<String, String> goodInfo = PluginListing.info(stdout, "goodsum");
            System.out.println("fault: checksum mismatch, plugin:info badsum -> state " + badInfo.get("state")
                    + ", pid " + badInfo.get("pid") + ", last failure: " + badInfo.get("last failure"));

            assertThat(badInfo.get("state")).as(stdout).isEqualTo("FAILED");
            assertThat(badInfo.get("last failure")).contains("CHECKSUM_MISMATCH", "checksums did not match",
                    "expected sha256 " + otherSum, "actual sha256 " + scriptSum, "the plugin was not started");
            assertThat(badInfo.get("pid")).as("no process").doesNotMatch("\\d+");
            assertThat(badInfo.get("restarts")).as("a mismatch is not retried").isEqualTo("0");
            assertThat(badMarker).as("the mismatching executable never ran").doesNotExist();

            assertThat(goodInfo.get("state")).as(stdout).isEqualTo("SERVING");
            assertThat(goodInfo.get("pid")).matches("\\d+");
            assertThat(goodMarker).as("the matching executable ran").exists();
            Poll.until(Duration.ofSeconds(5), 20, () -> ResourceCounts.liveProcessesMentioning(scratch.path()).isEmpty());
            assertThat(ResourceCounts.liveProcessesMentioning(scratch.path())).as("processes left after the container"
                    + " exited").isEmpty();
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
