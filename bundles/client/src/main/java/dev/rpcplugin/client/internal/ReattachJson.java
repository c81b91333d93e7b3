package dev.rpcplugin.client.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.rpcplugin.client.InvalidReattachConfigException;
import dev.rpcplugin.client.ReattachConfig;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON codec for {@link ReattachConfig} in go-plugin's / Terraform's key names. */
public final class ReattachJson {

    private ReattachJson() {
    }

    public static ReattachConfig parse(String json) {
        return fromObject(parseObject(json, "reattach config"), "reattach config");
    }

    public static Map<String, ReattachConfig> parseMap(String json) {
        JsonObject root = parseObject(json, "reattach config map");
        Map<String, ReattachConfig> configs = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> entry : root.entrySet()) {
            String what = "reattach config \"" + entry.getKey() + "\"";
            if (!entry.getValue().isJsonObject()) {
                throw new InvalidReattachConfigException(what + " is not a JSON object: " + entry.getValue(), null);
            }
            configs.put(entry.getKey(), fromObject(entry.getValue().getAsJsonObject(), what));
        }
        return configs;
    }

    public static String format(ReattachConfig config) {
        return toObject(config).toString();
    }

    public static String formatMap(Map<String, ReattachConfig> configs) {
        JsonObject root = new JsonObject();
        configs.forEach((name, config) -> root.add(name, toObject(config)));
        return root.toString();
    }

    private static JsonObject toObject(ReattachConfig config) {
        JsonObject addr = new JsonObject();
        addr.addProperty("Network", config.network());
        addr.addProperty("String", config.address());
        JsonObject object = new JsonObject();
        object.addProperty("Protocol", config.protocol());
        object.addProperty("ProtocolVersion", config.protocolVersion());
        object.addProperty("Pid", config.pid());
        object.addProperty("Test", config.test());
        object.add("Addr", addr);
        return object;
    }

    private static ReattachConfig fromObject(JsonObject object, String what) {
        String protocol = string(object, "Protocol", what, "");
        JsonElement addrElement = member(object, "Addr");
        if (addrElement == null || !addrElement.isJsonObject()) {
            throw new InvalidReattachConfigException(what + ": Addr must be an object with Network and String, was "
                    + addrElement, null);
        }
        JsonObject addr = addrElement.getAsJsonObject();
        return new ReattachConfig(
                protocol.isEmpty() ? "netrpc" : protocol,
                (int) number(object, "ProtocolVersion", what, 0, Integer.MAX_VALUE),
                string(addr, "Network", what + " Addr", null),
                string(addr, "String", what + " Addr", null),
                number(object, "Pid", what, -1, Long.MAX_VALUE),
                bool(object, "Test", what));
    }

    private static JsonObject parseObject(String json, String what) {
        if (json == null || json.isBlank()) {
            throw new InvalidReattachConfigException(what + " is empty", null);
        }
        try {
            JsonReader reader = new JsonReader(new StringReader(json));
            reader.setStrictness(Strictness.STRICT);
            JsonElement element = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT || !element.isJsonObject()) {
                throw new InvalidReattachConfigException(what + " is not a single JSON object: " + json, null);
            }
            return element.getAsJsonObject();
        } catch (JsonParseException | IOException | IllegalStateException e) {
            throw new InvalidReattachConfigException(what + " is not valid JSON (" + e.getMessage() + "): " + json, e);
        }
    }

    // Go's encoding/json matches keys case-insensitively, preferring an exact match
    private static JsonElement member(JsonObject object, String key) {
        JsonElement exact = object.get(key);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, JsonElement> entry : object.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(key)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static String string(JsonObject object, String key, String what, String absent) {
        JsonElement value = member(object, key);
        if (value == null || value.isJsonNull()) {
            if (absent == null) {
                throw new InvalidReattachConfigException(what + ": " + key + " is missing", null);
            }
            return absent;
        }
        if (!(value.isJsonPrimitive() && value.getAsJsonPrimitive().isString())) {
            throw new InvalidReattachConfigException(what + ": " + key + " must be a string, was " + value, null);
        }
        return value.getAsString();
    }

    private static long number(JsonObject object, String key, String what, long absent, long max) {
        JsonElement value = member(object, key);
        if (value == null || value.isJsonNull()) {
            if (absent < 0) {
                throw new InvalidReattachConfigException(what + ": " + key + " is missing", null);
            }
            return absent;
        }
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
            try {
                long n = new BigDecimal(value.getAsString()).longValueExact();
                if (n <= max) {
                    return n;
                }
            } catch (ArithmeticException | NumberFormatException e) {
                // falls through to the message below
            }
        }
        throw new InvalidReattachConfigException(what + ": " + key + " must be an integer up to " + max + ", was "
                + value, null);
    }

    private static boolean bool(JsonObject object, String key, String what) {
        JsonElement value = member(object, key);
        if (value == null || value.isJsonNull()) {
            return false;
        }
        if (value instanceof JsonPrimitive primitive && primitive.isBoolean()) {
            return primitive.getAsBoolean();
        }
        throw new InvalidReattachConfigException(what + ": " + key + " must be true or false, was " + value, null);
    }
}
