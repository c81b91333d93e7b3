package dev.rpcplugin.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's table of configuration attributes stays true to the metatype of {@link PluginComponent}. */
class ReadmeConfigurationTableTest {

    // | `attribute` | default | meaning |
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z.]+)` \\| ([^|]+) \\|[^|]+\\|$", Pattern.MULTILINE);

    @Test
    void everyAttributeIsListedWithItsDefault() throws IOException {
        Map<String, String> documented = documentedDefaults();
        Map<String, Object> declared = declaredDefaults();

        assertThat(documented.keySet()).as("attributes in the README's table").isEqualTo(declared.keySet());
        declared.forEach((attribute, value) -> {
            String cell = documented.get(attribute);
            if (value == null) {
                assertThat(cell).as(attribute).isEqualTo("required");
            } else if (!rendered(value).isEmpty()) {
                assertThat(cell).as(attribute).isEqualTo("`" + rendered(value) + "`");
            } else {
                assertThat(cell).as(attribute + " has no default value to quote").doesNotStartWith("`");
            }
        });
    }

    private static Map<String, String> documentedDefaults() throws IOException {
        Path readme = Path.of(System.getProperty("basedir", "."), "..", "..", "README.md").normalize();
        Matcher row = ROW.matcher(Files.readString(readme));
        Map<String, String> out = new LinkedHashMap<>();
        while (row.find()) {
            out.put(row.group(1), row.group(2).trim());
        }
        return out;
    }

    // attribute ids as Declarative Services derives them from the method names
    private static Map<String, Object> declaredDefaults() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Method method : PluginComponent.Config.class.getDeclaredMethods()) {
            out.put(method.getName().replace('_', '.'), method.getDefaultValue());
        }
        return out;
    }

    private static String rendered(Object value) {
        if (value.getClass().isArray()) {
            String[] parts = new String[Array.getLength(value)];
            Arrays.setAll(parts, i -> String.valueOf(Array.get(value, i)));
            return String.join(" ", parts);
        }
        return String.valueOf(value);
    }
}
