package dev.rpcplugin.client.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Map;

/**
 * Decodes a plugin stderr line written by hclog's JSON format, with go-plugin's rules: a line is
 * JSON only if it is exactly one JSON object whose {@code @level}, {@code @message} and
 * {@code @timestamp} (each optional) are strings and whose timestamp matches hclog's layout
 * {@code 2006-01-02T15:04:05.000000Z07:00} exactly; otherwise the line is treated as plain text.
 * Stateless and thread-safe.
 */
public final class HclogLineParser {

    /** hclog's JSON timestamp layout: microseconds, then {@code Z} or {@code ±hh:mm}. */
    static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSXXX").withResolverStyle(ResolverStyle.STRICT);

    private static final String LEVEL = "@level";
    private static final String MESSAGE = "@message";
    private static final String STAMP = "@timestamp";
    private static final String LEVEL_KEY = "\"" + LEVEL + "\"";
    private static final String LEVEL_FIRST = "{" + LEVEL_KEY + ":\"";
    private static final String CALLER_FIRST = "{\"@caller\":\"";
    private static final String LEVEL_AFTER_CALLER = "," + LEVEL_KEY + ":\"";
    // identity marker: the member exists but is not a JSON string
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String NOT_A_STRING = new String("not a string");

    /**
     * Parses one line.
     *
     * @return the record, or null when go-plugin would treat the line as plain text
     */
    public HclogRecord parse(String line) {
        JsonObject object = parseObject(line);
        if (object == null) {
            return null;
        }
        String level = stringMember(object, LEVEL);
        String message = stringMember(object, MESSAGE);
        String stamp = stringMember(object, STAMP);
        if (level == NOT_A_STRING || message == NOT_A_STRING || stamp == NOT_A_STRING) {
            return null;
        }
        if (stamp != null && !validTimestamp(stamp)) {
            return null;
        }
        StringBuilder pairs = new StringBuilder();
        for (Map.Entry<String, JsonElement> member : object.entrySet()) {
            String key = member.getKey();
            if (!key.equals(LEVEL) && !key.equals(MESSAGE) && !key.equals(STAMP)) {
                appendPair(pairs, key, member.getValue());
            }
        }
        if (stamp != null) {
            pairs.append(" timestamp=").append(stamp);
        }
        return new HclogRecord(level == null ? null : LogLevel.fromHclog(level),
                message == null ? "" : message, pairs.toString());
    }

    /**
     * The level of a line that starts the way hclog writes JSON ({@code @level} first, or right after
     * {@code @caller}, as plain strings) and names {@code @level} nowhere else, found without parsing;
     * null for any other line. If such a line parses at all, {@link #parse} gives it this same level.
     */
    static LogLevel leadingLevel(String line) {
        int start;
        if (line.startsWith(LEVEL_FIRST)) {
            start = LEVEL_FIRST.length();
        } else if (line.startsWith(CALLER_FIRST)) {
            int callerEnd = plainStringEnd(line, CALLER_FIRST.length());
            if (callerEnd < 0 || !line.startsWith(LEVEL_AFTER_CALLER, callerEnd + 1)) {
                return null;
            }
            start = callerEnd + 1 + LEVEL_AFTER_CALLER.length();
        } else {
            return null;
        }
        int end = plainStringEnd(line, start);
        if (end < 0 || line.indexOf(LEVEL_KEY, end) >= 0) {
            return null;
        }
        return LogLevel.fromHclog(line.substring(start, end));
    }

    // the index of the quote that ends a JSON string starting at from, or -1 if it has escapes or no end
    private static int plainStringEnd(String line, int from) {
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '\\') {
                return -1;
            }
        }
        return -1;
    }

    private static String stringMember(JsonObject object, String key) {
        JsonElement value = object.get(key);
        if (value == null) {
            return null;
        }
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            return value.getAsString();
        }
        return NOT_A_STRING;
    }

    private static JsonObject parseObject(String line) {
        if (!startsWithBrace(line)) {
            return null; // cheap exit for the common plain-text line
        }
        try {
            JsonReader reader = new JsonReader(new StringReader(line));
            reader.setStrictness(Strictness.STRICT);
            JsonElement element = JsonParser.parseReader(reader);
            if (!element.isJsonObject() || reader.peek() != JsonToken.END_DOCUMENT) {
                return null;
            }
            return element.getAsJsonObject();
        } catch (JsonParseException | IOException | IllegalStateException e) {
            return null;
        }
    }

    private static boolean startsWithBrace(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '{';
            }
        }
        return false;
    }

    private static boolean validTimestamp(String stamp) {
        try {
            TIMESTAMP.parse(stamp);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static void appendPair(StringBuilder out, String key, JsonElement value) {
        out.append(' ').append(key).append('=');
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            String text = value.getAsString();
            out.append(needsQuotes(text) ? new JsonPrimitive(text).toString() : text);
        } else if (value.isJsonPrimitive()) {
            out.append(value.getAsString()); // numbers keep their written form, booleans true/false
        } else {
            out.append(value); // null, objects and arrays as compact JSON
        }
    }

    // like hclog's text format: quote values that would otherwise be ambiguous
    private static boolean needsQuotes(String text) {
        if (text.isEmpty()) {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || c == '"' || c == '=' || Character.isISOControl(c)) {
                return true;
            }
        }
        return false;
    }
}
