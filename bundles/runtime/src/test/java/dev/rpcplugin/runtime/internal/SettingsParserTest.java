package dev.rpcplugin.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rpcplugin.runtime.internal.PluginSettings.HostEnvironment;
import dev.rpcplugin.runtime.internal.PluginSettings.RestartPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsParserTest {

    private static Map<String, Object> minimal() {
        Map<String, Object> p = new HashMap<>();
        p.put("service.pid", "dev.rpcplugin.plugin~kv");
        p.put("command", "/opt/plugins/kv-plugin --serve");
        p.put("magic.cookie.key", "BASIC_PLUGIN");
        p.put("magic.cookie.value", "hello");
        return p;
    }

    @Test
    void defaultsFollowGoPluginAndTheMetatype() throws Exception {
        PluginSettings s = SettingsParser.parse(minimal());
        assertThat(s.name()).isEqualTo("kv");
        assertThat(s.command()).containsExactly("/opt/plugins/kv-plugin", "--serve");
        assertThat(s.workingDirectory()).isNull();
        assertThat(s.environment()).isEmpty();
        assertThat(s.hostEnvironment()).isEqualTo(HostEnvironment.INHERIT);
        assertThat(s.protocolVersions()).containsExactly(1);
        assertThat(s.allowedNetworks()).containsExactly("unix", "tcp");
        assertThat(s.autoMtls()).isFalse();
        assertThat(s.checksum()).isNull();
        assertThat(s.startTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.stopGrace()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.drainTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.restartPolicy()).isEqualTo(RestartPolicy.ON_FAILURE);
        assertThat(s.backoffInitial()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.backoffMax()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.maxRestarts()).isEqualTo(-1);
        assertThat(s.healthInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.healthTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.healthRestartAfter()).isZero();
        assertThat(s.services()).isEmpty();
        assertThat(s.ranking()).isZero();
        assertThat(s.socketDirectory()).isNull();
        assertThat(s.maxNoiseLines()).isEqualTo(-1);
        assertThat(s.logLines()).isEqualTo(200);
    }

    @Test
    void aFractionalNumberOfMillisecondsIsRefusedInsteadOfCutToZero() throws Exception {
        Map<String, Object> p = minimal();
        p.put("health.interval", 0.5d);

        assertThatThrownBy(() -> SettingsParser.parse(p)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("health.interval").hasMessageContaining("0.5");

        p.put("health.interval", 1500L);
        assertThat(SettingsParser.parse(p).healthInterval()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void anArrayValueIsNamedElementByElementInTheError() {
        Map<String, Object> p = minimal();
        p.put("start.timeout", new long[] {1000, 2000});

        assertThatThrownBy(() -> SettingsParser.parse(p)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("start.timeout = [1000, 2000]: expected a single value");
    }

    @Test
    void karafCfgStringsAreReadLikeTypedValues(@TempDir Path dir) throws Exception {
        Map<String, Object> p = minimal();
        p.put("working.dir", dir.toString());
        p.put("environment", "A=1 'B=two words' C=x=y");
        p.put("environment.policy", "allow-list");
        p.put("environment.allow", "PATH, HOME");
        p.put("protocol.versions", "2,3 3");
        p.put("allowed.networks", "UNIX");
        p.put("auto.mtls", "TRUE");
        p.put("checksum", "AB".repeat(32));
        p.put("start.timeout", "PT10S");
        p.put("restart.policy", "Always");
        p.put("restart.max", "3");
        p.put("health.interval", "0");
        p.put("grpc.service", "proto.KV, proto.Counter");
        p.put("service.ranking", "-7");
        p.put("socket.dir", dir.toString());
        p.put("handshake.max.noise.lines", "5");
        p.put("health.restart.after", "2m");
        PluginSettings s = SettingsParser.parse(p);
        assertThat(s.workingDirectory()).isEqualTo(dir.toAbsolutePath());
        assertThat(s.environment())
                .containsOnly(Map.entry("A", "1"), Map.entry("B", "two words"), Map.entry("C", "x=y"));
        assertThat(s.hostEnvironment()).isEqualTo(HostEnvironment.ALLOW_LIST);
        assertThat(s.hostAllowList()).containsExactly("PATH", "HOME");
        assertThat(s.protocolVersions()).containsExactly(2, 3);
        assertThat(s.allowedNetworks()).containsExactly("unix");
        assertThat(s.autoMtls()).isTrue();
        assertThat(s.checksum()).isEqualTo("ab".repeat(32));
        assertThat(s.startTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.restartPolicy()).isEqualTo(RestartPolicy.ALWAYS);
        assertThat(s.maxRestarts()).isEqualTo(3);
        assertThat(s.healthInterval()).isZero();
        assertThat(s.services()).containsExactly("proto.KV", "proto.Counter");
        assertThat(s.ranking()).isEqualTo(-7);
        assertThat(s.socketDirectory()).isEqualTo(dir.toAbsolutePath());
        assertThat(s.maxNoiseLines()).isEqualTo(5);
        assertThat(s.healthRestartAfter()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void thePortRangeDefaultsToGoPluginsAndCanBeSet() throws Exception {
        PluginSettings defaults = SettingsParser.parse(minimal());
        assertThat(defaults.minPort()).isEqualTo(10000);
        assertThat(defaults.maxPort()).isEqualTo(25000);
        Map<String, Object> p = minimal();
        p.put("port.range", " 20000 - 20010 ");
        PluginSettings s = SettingsParser.parse(p);
        assertThat(s.minPort()).isEqualTo(20000);
        assertThat(s.maxPort()).isEqualTo(20010);
        p.put("port.range", "0-0");
        assertThat(SettingsParser.parse(p).maxPort()).isZero();
    }

    @Test
    void typedValuesAndArraysAreAccepted() throws Exception {
        Map<String, Object> p = minimal();
        p.put("command", new String[] {"/opt/my plugin", "--flag=a b"});
        p.put("protocol.versions", new int[] {1, 2});
        p.put("auto.mtls", Boolean.TRUE);
        p.put("restart.max", 2L);
        p.put("stop.grace", 1500L);
        p.put("environment", List.of("X=1", "Y=2"));
        PluginSettings s = SettingsParser.parse(p);
        assertThat(s.command()).containsExactly("/opt/my plugin", "--flag=a b");
        assertThat(s.protocolVersions()).containsExactly(1, 2);
        assertThat(s.autoMtls()).isTrue();
        assertThat(s.maxRestarts()).isEqualTo(2);
        assertThat(s.stopGrace()).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.environment()).containsOnly(Map.entry("X", "1"), Map.entry("Y", "2"));
    }

    @Test
    void theNameComesFromTheAttributeThePidAliasOrTheFileName() throws Exception {
        Map<String, Object> p = minimal();
        p.put("name", "explicit");
        assertThat(SettingsParser.parse(p).name()).isEqualTo("explicit");

        Map<String, Object> file = minimal();
        file.put("service.pid", "dev.rpcplugin.plugin.3f2a9c");
        file.put("felix.fileinstall.filename", "file:/opt/karaf/etc/dev.rpcplugin.plugin-counter.cfg");
        assertThat(SettingsParser.parse(file).name()).isEqualTo("counter");

        file.remove("felix.fileinstall.filename");
        assertThatThrownBy(() -> SettingsParser.parse(file)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("configuration attribute name").hasMessageContaining("is required");
    }

    @Test
    void everyBadValueIsNamedWithItsAttribute() {
        assertBad("name", "bad name!", "name = \"bad name!\"");
        assertBad("command", "", "command = \"\": is required");
        assertBad("magic.cookie.key", null, "magic.cookie.key = null: is required");
        assertBad("magic.cookie.key", "A=B", "is no environment variable name");
        assertBad("port.range", "20000", "port.range = \"20000\": expected MIN-MAX");
        assertBad("port.range", "300-200", "needs 1 <= MIN <= MAX <= 65535");
        assertBad("port.range", "0-200", "or 0-0 for any free port");
        assertBad("environment", "NOVALUE", "environment = \"NOVALUE\": expected KEY=VALUE");
        assertBad("environment.policy", "some", "allowed are inherit, allow-list, none");
        assertBad("protocol.versions", "1,x", "protocol.versions = \"x\": is no version");
        assertBad("allowed.networks", "udp", "allowed are unix and tcp");
        assertBad("auto.mtls", "yes", "auto.mtls = \"yes\": must be true or false");
        assertBad("checksum", "abc", "checksum = \"abc\": expected 64 hex digits");
        assertBad("start.timeout", "0", "start.timeout = \"0\": must be positive");
        assertBad("stop.grace", "later", "stop.grace = \"later\": is no duration");
        assertBad("restart.policy", "sometimes", "allowed are always, on-failure, never");
        assertBad("restart.backoff.max", "10ms", "must not be less than restart.backoff.initial");
        assertBad("restart.max", "-2", "restart.max = \"-2\": must be from -1");
        assertBad("service.ranking", "high", "service.ranking = \"high\": is not an integer");
        assertBad("grpc.service", "proto..KV", "is no full gRPC service name");
        assertBad("socket.dir", "/does/not/exist", "socket.dir = \"/does/not/exist\": is not an existing directory");
        assertBad("handshake.max.noise.lines", "-5", "must be from -1 to 10000");
        assertBad("log.lines", "20000", "must be from 0 to 10000");
        assertBad("health.interval", "5", "health.interval = \"5\": is 5.0 ms (a bare number is milliseconds); the least"
                + " is 50 ms, and 0 turns the checks off");
        assertBad("command", new String[0], "command = []: is required");
        assertBad("start.timeout", new String[] {"1s", "2s"}, "expected a single value");
    }

    @Test
    void anAllowListNeedsNames() {
        Map<String, Object> p = minimal();
        p.put("environment.policy", "allow-list");
        assertThatThrownBy(() -> SettingsParser.parse(p)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("configuration attribute environment.allow")
                .hasMessageContaining("allow-list needs at least one variable name");
    }

    @Test
    void anAllowListIsRefusedUnlessThePolicyIsAllowList() {
        // ignoring it would pass the whole host environment to a plugin meant to get only PATH and HOME
        Map<String, Object> p = minimal();
        p.put("environment.allow", "PATH HOME");
        assertThatThrownBy(() -> SettingsParser.parse(p)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("configuration attribute environment.allow = \"PATH HOME\"")
                .hasMessageContaining("used only with environment.policy allow-list, and environment.policy is "
                        + "inherit");
        p.put("environment.policy", "none");
        assertThatThrownBy(() -> SettingsParser.parse(p)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("environment.policy is none");
    }

    @Test
    void anAllowListNameWithAnEqualsSignIsNamedWithItsAttribute() {
        Map<String, Object> p = minimal();
        p.put("environment.policy", "allow-list");
        p.put("environment.allow", "PATH HOME=/root");
        assertThatThrownBy(() -> SettingsParser.parse(p)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("configuration attribute environment.allow = \"HOME=/root\": is no "
                        + "environment variable name");
    }

    @Test
    void anAttributeWrittenLikeItsMethodNameIsRefusedInsteadOfIgnored() {
        // ignored, the plugin would run with the default restart policy and start timeout
        assertBad("restart_policy", "never", "restart_policy = \"never\": is unknown; the attribute is restart.policy");
        assertBad("start-timeout", "5s", "is unknown; the attribute is start.timeout");
        assertBad("Magic.Cookie.Key", "BASIC_PLUGIN", "is unknown; the attribute is magic.cookie.key");
    }

    @Test
    void anAttributeWithOneTypoIsRefusedNamingTheAttributeMeant() {
        // ignored, the plugin would run without mutual TLS
        assertBad("auto.mtsl", "true", "auto.mtsl = \"true\": is unknown; the attribute is auto.mtls");
        assertBad("automtls", "true", "is unknown; the attribute is auto.mtls");
        assertBad("helth.interval", "1s", "is unknown; the attribute is health.interval");
        assertBad("restart.polisy", "never", "is unknown; the attribute is restart.policy");
        assertBad("Start_Timeouts", "5s", "is unknown; the attribute is start.timeout");
    }

    @Test
    void everyMisspeltAttributeIsNamedAtOnce() {
        Map<String, Object> p = minimal();
        p.put("heatlh.interval", "1s");
        p.put("auto.mtsl", "true");
        p.put("restart_policy", "never");
        assertThatThrownBy(() -> SettingsParser.parse(p)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("auto.mtsl = \"true\": is unknown; the attribute is auto.mtls; so is"
                        + " heatlh.interval (meant: health.interval); so is restart_policy (meant: restart.policy)");
    }

    @Test
    void keysTwoTyposAwayOrNearAShortAttributeAreLeftAlone() throws Exception {
        Map<String, Object> p = minimal();
        p.put("names", "other"); // name is too short to guess at
        p.put("auto.mtls.x", "1");
        p.put("stop.graze.x", "1");
        assertThat(SettingsParser.parse(p).name()).isEqualTo("kv");
    }

    @Test
    void oneTypoIsOneEditOrOneSwapOfNeighbours() {
        assertThat(ConfigValues.oneTypoApart("comand", "command")).isTrue();
        assertThat(ConfigValues.oneTypoApart("commandd", "command")).isTrue();
        assertThat(ConfigValues.oneTypoApart("commend", "command")).isTrue();
        assertThat(ConfigValues.oneTypoApart("ocmmand", "command")).isTrue();
        assertThat(ConfigValues.oneTypoApart("commadn", "command")).isTrue();
        assertThat(ConfigValues.oneTypoApart("command", "command")).isFalse();
        assertThat(ConfigValues.oneTypoApart("comamnds", "command")).isFalse();
        assertThat(ConfigValues.oneTypoApart("cmomadn", "command")).isFalse();
        assertThat(ConfigValues.oneTypoApart("cmd", "command")).isFalse();
    }

    @Test
    void noTwoAttributesAreOneTypoApart() {
        List<String> attributes = List.copyOf(ConfigValues.attributes());
        for (String a : attributes) {
            for (String b : attributes) {
                assertThat(ConfigValues.oneTypoApart(a, b)).as(a + " and " + b).isFalse();
            }
        }
    }

    @Test
    void propertiesOfTheFrameworkAndOtherKeysAreLeftAlone() throws Exception {
        Map<String, Object> p = minimal();
        p.put("component.name", "dev.rpcplugin.plugin");
        p.put("service.factoryPid", "dev.rpcplugin.plugin");
        p.put("felix.fileinstall.filename", "file:/opt/karaf/etc/dev.rpcplugin.plugin-kv.cfg");
        p.put("greeting", "hello");
        assertThat(SettingsParser.parse(p).name()).isEqualTo("kv");
    }

    @Test
    void theDisplayNameIsThereEvenForAnInvalidConfiguration() {
        Map<String, Object> p = new HashMap<>();
        p.put("service.pid", "dev.rpcplugin.plugin~broken");
        assertThat(SettingsParser.displayName(p)).isEqualTo("broken");
        p.put("name", " shown ");
        assertThat(SettingsParser.displayName(p)).isEqualTo("shown");
    }

    @Test
    void equalConfigurationsGiveEqualSettings() throws Exception {
        Map<String, Object> a = minimal();
        Map<String, Object> b = minimal();
        b.put("command", new String[] {"/opt/plugins/kv-plugin", "--serve"});
        b.put("protocol.versions", "1");
        assertThat(SettingsParser.parse(a)).isEqualTo(SettingsParser.parse(b));
        b.put("stop.grace", "3s");
        assertThat(SettingsParser.parse(a)).isNotEqualTo(SettingsParser.parse(b));
    }

    @Test
    void aSocketDirectoryTooLongForAnyPluginsSocketIsRefused(@TempDir Path dir) throws Exception {
        // the parent itself may be long already; nest until the path passes the limit, then one level less
        Path longest = dir;
        while (longest.resolve("d").toString().length() <= dev.rpcplugin.client.PluginHost.MAX_GO_PLUGIN_SOCKET_DIRECTORY_PARENT_BYTES) {
            longest = longest.resolve("d");
        }
        Path tooLong = longest.resolve("d");
        java.nio.file.Files.createDirectories(tooLong);
        Map<String, Object> fits = minimal();
        fits.put("socket.dir", longest.toString());
        if (longest.toString().length() <= dev.rpcplugin.client.PluginHost.MAX_GO_PLUGIN_SOCKET_DIRECTORY_PARENT_BYTES) {
            assertThat(SettingsParser.parse(fits).socketDirectory()).isEqualTo(longest);
        }
        assertBad("socket.dir", tooLong.toString(), "socket.dir = \"" + tooLong + "\": is "
                + tooLong.toString().length() + " bytes long, more than 75: socket paths are limited to 107 bytes");
    }

    private static void assertBad(String key, Object value, String expectedText) {
        Map<String, Object> p = minimal();
        if (value == null) {
            p.remove(key);
        } else {
            p.put(key, value);
        }
        assertThatThrownBy(() -> SettingsParser.parse(p))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("configuration attribute " + key)
                .hasMessageContaining(expectedText)
                .satisfies(e -> assertThat(((InvalidConfigurationException) e).attribute()).isEqualTo(key));
    }

    @Test
    void theConfigurationsOwnPropertiesGoOnTheServiceAsDeclarativeServicesPropagatesThem() throws Exception {
        Map<String, Object> p = minimal();
        p.put("region", "eu");
        p.put("tiers", new String[] {"gold", "silver"});
        p.put("service.pid", "dev.rpcplugin.plugin~kv");
        p.put("felix.fileinstall.filename", "file:/opt/etc/dev.rpcplugin.plugin-kv.cfg");
        p.put(".secret", "not for consumers");
        p.put("component.name", "dev.rpcplugin.plugin");
        p.put("component.id", 12L);
        p.put("objectClass", new String[] {"x"});
        p.put("plugin.pid", 1L);
        p.put("grpc.service", "proto.KV");
        p.put("service.ranking", "3");
        // another spelling of a property the framework or the runtime sets would be refused at registration
        p.put("Plugin.Pid", 7L);
        p.put("PLUGIN.TEAM", "a");
        p.put("ObjectClass", "y");
        p.put("Component.Name", "z");
        p.put("osgi.ds.satisfying.condition.target", "(osgi.condition.id=true)");

        Map<String, Object> own = SettingsParser.parse(p).serviceProperties();

        assertThat(own).containsOnly(Map.entry("region", "eu"), Map.entry("tiers", List.of("gold", "silver")),
                Map.entry("service.pid", "dev.rpcplugin.plugin~kv"),
                Map.entry("felix.fileinstall.filename", "file:/opt/etc/dev.rpcplugin.plugin-kv.cfg"));
        Map<String, Object> again = minimal();
        again.putAll(p);
        again.put("tiers", new String[] {"gold", "silver"}); // delivered again: another array, the same values
        assertThat(SettingsParser.parse(again)).isEqualTo(SettingsParser.parse(p));
    }
}
