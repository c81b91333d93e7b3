package dev.rpcplugin.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReattachConfigTest {

    private static final String TERRAFORM_SHAPE = "{\"Protocol\":\"grpc\",\"ProtocolVersion\":5,\"Pid\":123,\"Test\":true,"
            + "\"Addr\":{\"Network\":\"unix\",\"String\":\"/tmp/plugin42\"}}";

    @Test
    void parsesTerraformsShape() {
        assertThat(ReattachConfig.fromJson(TERRAFORM_SHAPE))
                .isEqualTo(new ReattachConfig("grpc", 5, "unix", "/tmp/plugin42", 123, true));
    }

    @Test
    void writesTheSameShape() {
        assertThat(new ReattachConfig("grpc", 5, "unix", "/tmp/plugin42", 123, true).toJson()).isEqualTo(TERRAFORM_SHAPE);
    }

    @Test
    void roundTripsTcp() {
        ReattachConfig config = new ReattachConfig("grpc", 1, "tcp", "127.0.0.1:4321", 99, false);
        assertThat(ReattachConfig.fromJson(config.toJson())).isEqualTo(config);
    }

    @Test
    void keysMatchCaseInsensitivelyLikeGoAndUnknownKeysAreIgnored() {
        String json = "{\"protocol\":\"grpc\",\"pid\":7,\"addr\":{\"network\":\"tcp\",\"string\":\"127.0.0.1:1\"},\"X\":1}";
        assertThat(ReattachConfig.fromJson(json)).isEqualTo(new ReattachConfig("grpc", 0, "tcp", "127.0.0.1:1", 7, false));
    }

    @Test
    void missingProtocolMeansNetrpcAsInGoPlugin() {
        String json = "{\"Pid\":7,\"Addr\":{\"Network\":\"unix\",\"String\":\"/tmp/p\"}}";
        assertThat(ReattachConfig.fromJson(json).protocol()).isEqualTo("netrpc");
    }

    @Test
    void mapShapeRoundTrips() {
        Map<String, ReattachConfig> configs = new LinkedHashMap<>();
        configs.put("registry.terraform.io/hashicorp/null", new ReattachConfig("grpc", 5, "unix", "/tmp/a", 1, true));
        configs.put("example.com/x/y", new ReattachConfig("grpc", 6, "tcp", "127.0.0.1:9", 2, false));
        String json = ReattachConfig.toJsonMap(configs);
        assertThat(ReattachConfig.fromJsonMap(json)).containsExactlyEntriesOf(configs);
    }

    @Test
    void badInputNamesTheField() {
        assertThatThrownBy(() -> ReattachConfig.fromJson("{\"Addr\":{\"Network\":\"unix\",\"String\":\"/tmp/p\"}}"))
                .isInstanceOf(InvalidReattachConfigException.class).hasMessageContaining("Pid is missing");
        assertThatThrownBy(() -> ReattachConfig.fromJson("{\"Pid\":\"12\",\"Addr\":{\"Network\":\"unix\",\"String\":\"/p\"}}"))
                .isInstanceOf(InvalidReattachConfigException.class).hasMessageContaining("Pid must be an integer");
        assertThatThrownBy(() -> ReattachConfig.fromJson("{\"Pid\":1.5,\"Addr\":{\"Network\":\"unix\",\"String\":\"/p\"}}"))
                .isInstanceOf(InvalidReattachConfigException.class).hasMessageContaining("1.5");
        assertThatThrownBy(() -> ReattachConfig.fromJson("{\"Pid\":1,\"Addr\":{\"Network\":\"udp\",\"String\":\"/p\"}}"))
                .isInstanceOf(InvalidReattachConfigException.class).hasMessageContaining("Network must be unix or tcp, was \"udp\"");
        assertThatThrownBy(() -> ReattachConfig.fromJson("{\"Pid\":1}"))
                .isInstanceOf(InvalidReattachConfigException.class).hasMessageContaining("Addr must be an object");
        assertThatThrownBy(() -> ReattachConfig.fromJson("{\"Pid\":1,\"Test\":\"yes\",\"Addr\":{\"Network\":\"unix\",\"String\":\"/p\"}}"))
                .isInstanceOf(InvalidReattachConfigException.class).hasMessageContaining("Test must be true or false");
        assertThatThrownBy(() -> ReattachConfig.fromJson("{\"Pid\":1,"))
                .isInstanceOf(InvalidReattachConfigException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> ReattachConfig.fromJson("{\"Pid\":1} {}"))
                .isInstanceOf(InvalidReattachConfigException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> ReattachConfig.fromJson("[1]"))
                .isInstanceOf(InvalidReattachConfigException.class).hasMessageContaining("not a single JSON object");
        assertThatThrownBy(() -> ReattachConfig.fromJson(" "))
                .isInstanceOf(InvalidReattachConfigException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> new ReattachConfig("http", 1, "unix", "/p", 1, false))
                .isInstanceOf(InvalidReattachConfigException.class).hasMessageContaining("\"http\"");
        assertThatThrownBy(() -> new ReattachConfig("grpc", 1, "unix", "/p", 0, false))
                .isInstanceOf(InvalidReattachConfigException.class).hasMessageContaining("positive process id, was 0");
    }
}
