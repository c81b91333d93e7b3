package dev.rpcplugin.container;

import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The directory layout of the distribution and the properties it keeps in {@code etc/}.
 *
 * <p>{@code etc/config.properties} overrides the framework properties, {@code etc/system.properties}
 * sets JVM system properties (command-line {@code -D} wins); both may use {@code ${rpcplugin.home}}.
 */
final class ContainerHome {

    /** System and framework property holding the distribution's root directory. */
    static final String HOME_PROPERTY = "rpcplugin.home";

    /** System property naming another configuration directory instead of {@code etc/}. */
    static final String ETC_PROPERTY = "rpcplugin.etc";

    /** File name prefix of the runtime's factory configurations in {@code etc/}. */
    static final String PLUGIN_CONFIG_PREFIX = "dev.rpcplugin.plugin-";

    /** The runtime's configuration attribute naming a plugin's working directory. */
    private static final String WORKING_DIR = "working.dir";

    private final Path root;

    private ContainerHome(Path root) {
        this.root = root;
    }

    /** The home named by {@code -Drpcplugin.home}, else the parent of the launcher jar's {@code lib/}. */
    static ContainerHome locate() throws LaunchException {
        String configured = System.getProperty(HOME_PROPERTY);
        Path root = configured != null ? Path.of(configured) : launcherJarHome();
        root = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("bundle"))) {
            throw new LaunchException("not an rpcplugin container directory (no bundle/ inside): " + root);
        }
        return new ContainerHome(root);
    }

    private static Path launcherJarHome() throws LaunchException {
        try {
            Path jar = Path.of(ContainerHome.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path lib = jar.getParent();
            if (lib == null || lib.getParent() == null) {
                throw new LaunchException("cannot tell the container home from the launcher's location " + jar
                        + "; set -D" + HOME_PROPERTY);
            }
            return lib.getParent();
        } catch (URISyntaxException | SecurityException e) {
            throw new LaunchException("cannot tell the container home; set -D" + HOME_PROPERTY, e);
        }
    }

    Path root() {
        return root;
    }

    Path bundleDir() {
        return root.resolve("bundle");
    }

    /** {@code etc/}, or the directory named by {@code -Drpcplugin.etc}. */
    Path etcDir() {
        String configured = System.getProperty(ETC_PROPERTY);
        return configured != null ? Path.of(configured).toAbsolutePath().normalize() : root.resolve("etc");
    }

    Path dataDir() {
        return root.resolve("data");
    }

    /** The bundle jars to install, in file name order. */
    List<Path> bundleJars() throws LaunchException {
        List<Path> jars = list(bundleDir(), "", ".jar");
        if (jars.isEmpty()) {
            throw new LaunchException("no bundles in " + bundleDir());
        }
        return jars;
    }

    /** The plugin factory configurations ({@code etc/dev.rpcplugin.plugin-NAME.cfg}) FileInstall will read. */
    List<Path> pluginConfigs() throws LaunchException {
        if (!Files.isDirectory(etcDir())) {
            return List.of();
        }
        // without a name after the prefix, not one (misnamedPluginConfigs)
        return list(etcDir(), PLUGIN_CONFIG_PREFIX, ".cfg").stream()
                .filter(p -> !p.getFileName().toString().equals(PLUGIN_CONFIG_PREFIX + ".cfg")).toList();
    }

    /**
     * Files in {@code etc/} that look meant as plugin configurations but are not read as such: named
     * {@code dev.rpcplugin.*.cfg} without the plugin prefix (a typo such as {@code plugins-}), or with it
     * and no name. Configuration Admin takes them for configurations nothing uses, without a word.
     */
    List<Path> misnamedPluginConfigs() throws LaunchException {
        if (!Files.isDirectory(etcDir())) {
            return List.of();
        }
        return list(etcDir(), "dev.rpcplugin.", ".cfg").stream().filter(p -> {
            String name = p.getFileName().toString();
            return !name.startsWith(PLUGIN_CONFIG_PREFIX) || name.equals(PLUGIN_CONFIG_PREFIX + ".cfg");
        }).toList();
    }

    private static List<Path> list(Path dir, String prefix, String suffix) throws LaunchException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith(prefix) && name.endsWith(suffix) && Files.isRegularFile(p);
            }).sorted().toList();
        } catch (IOException e) {
            throw new LaunchException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates the working directories that plugin configurations name under {@code data/} (the
     * runtime requires an existing directory; {@code data/} starts out empty). Others are left alone.
     */
    void createPluginWorkingDirectories() throws LaunchException {
        for (Path config : pluginConfigs()) {
            String dir = load(config).get(WORKING_DIR);
            if (dir == null || dir.isBlank()) {
                continue;
            }
            Path workingDir = Path.of(dir.trim()).toAbsolutePath().normalize();
            if (workingDir.startsWith(dataDir())) {
                try {
                    Files.createDirectories(workingDir);
                } catch (IOException e) {
                    throw new LaunchException("cannot create the working directory " + workingDir + " of "
                            + config.getFileName() + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** Framework properties: the container's defaults, then {@code etc/config.properties}. */
    Map<String, String> frameworkProperties(boolean interactive) throws LaunchException {
        Map<String, String> props = new LinkedHashMap<>();
        props.put(HOME_PROPERTY, root.toString());
        props.put("org.osgi.framework.storage", dataDir().resolve("felix-cache").toString());
        props.put("org.osgi.framework.storage.clean", "onFirstInit");
        // the cache is cleaned at every start, so configurations could never outlive the process anyway
        props.put("felix.cm.pm", "memory");
        props.put("felix.log.level", "1");
        props.put("felix.fileinstall.dir", etcDir().toString());
        props.put("felix.fileinstall.filter", ".*\\.cfg");
        props.put("felix.fileinstall.poll", "1000");
        props.put("felix.fileinstall.noInitialDelay", "true");
        props.put("felix.fileinstall.log.level", "2");
        // etc/ is the source of truth: writing configurations back would replace ${rpcplugin.home} by
        // absolute paths, and the write races with the next poll, which can then read an empty file
        props.put("felix.fileinstall.enableConfigSave", "false");
        // by default a fresh fileinstall-<n> directory in java.io.tmpdir per start, which stays when
        // the JVM is killed; one under data/ is reused instead
        props.put("felix.fileinstall.tmpdir", dataDir().resolve("fileinstall").toString());
        props.put("gosh.home", root.toString());
        // the gogo shell either owns the terminal or only provides its built-in commands
        props.put("gosh.args", interactive ? "" : "--nointeractive");
        load(etcDir().resolve("config.properties")).forEach(props::put);
        return props;
    }

    /** Sets the JVM system properties of {@code etc/system.properties} that are not set already. */
    void applySystemProperties() throws LaunchException {
        load(etcDir().resolve("system.properties")).forEach(System.getProperties()::putIfAbsent);
    }

    private Map<String, String> load(Path file) throws LaunchException {
        Map<String, String> values = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return values;
        }
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new LaunchException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String placeholder = "${" + HOME_PROPERTY + "}";
        for (String key : props.stringPropertyNames()) {
            values.put(key, props.getProperty(key).replace(placeholder, root.toString()));
        }
        return values;
    }
}
