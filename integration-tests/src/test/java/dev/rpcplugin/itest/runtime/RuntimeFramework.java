package dev.rpcplugin.itest.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rpcplugin.itest.bridge.KvProbe;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Felix with SCR, Configuration Admin, every project bundle and the test consumer bundle. The test and
 * the framework have separate class loaders, so Configuration Admin, the admin service and plugin
 * connections are reached by reflection on their API types; only {@link KvProbe} (exported from the
 * test's class loader) is used directly.
 */
final class RuntimeFramework implements AutoCloseable {

    static final String CONNECTION = "dev.rpcplugin.api.PluginConnection";
    static final String FACTORY_PID = "dev.rpcplugin.plugin";
    private static final long STOP_MILLIS = 60_000;

    private final Framework framework;

    private RuntimeFramework(Framework framework) {
        this.framework = framework;
    }

    /** Starts Felix with a fresh cache under {@code work}. */
    static RuntimeFramework start(Path work) throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, work.resolve("felix-cache").toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, KvProbe.class.getPackageName() + ";version=1.0.0");
        config.put("ds.loglevel", "warn");
        Framework framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(config);
        framework.init();
        framework.start();
        RuntimeFramework running = new RuntimeFramework(framework);
        try {
            List<Bundle> installed = new ArrayList<>();
            for (Path jar : jars(Path.of(System.getProperty("itest.bundles")), ConsumerBundle.write(work))) {
                installed.add(running.context().installBundle(jar.toUri().toString()));
            }
            for (Bundle bundle : installed) {
                if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                    bundle.start();
                }
            }
        } catch (Exception | Error e) {
            running.close();
            throw e;
        }
        return running;
    }

    /**
     * Starts Felix with a fresh cache in a directory of its own under {@code itest.work}, with a KV plugin
     * configured for each name.
     */
    static RuntimeFramework startWithKvPlugins(String workName, List<String> pluginNames) throws Exception {
        Path work = Path.of(System.getProperty("itest.work")).resolve(workName);
        Files.createDirectories(work);
        RuntimeFramework felix = start(work);
        for (String name : pluginNames) {
            felix.configure(name, PluginConfigs.kvPlugin());
        }
        return felix;
    }

    /** Stops {@code felix} (if started) and fails if a plugin process outlived it (killing it). */
    static void closeLeavingNoPlugin(RuntimeFramework felix) {
        try {
            if (felix != null) {
                felix.close();
            }
        } finally {
            assertThat(PluginProcesses.killAll()).as("plugin processes left after the framework stopped").isZero();
        }
    }

    /** One serving plugin as its connection service showed it. */
    record Serving(String name, long pid, Path socketDir) {
    }

    /** Waits for each plugin's connection service, in the order of {@code names}. */
    List<Serving> awaitServing(List<String> names, Duration timeout) {
        List<Serving> serving = new ArrayList<>();
        for (String name : names) {
            ServiceReference<?> ref = Await.value(name + " serving", timeout, () -> connection(name));
            serving.add(new Serving(name, (Long) ref.getProperty("plugin.pid"),
                    socketDirectory(ref, PluginConfigs.SOCKET_DIR)));
        }
        return serving;
    }

    BundleContext context() {
        return framework.getBundleContext();
    }

    Bundle bundle(String symbolicName) {
        return Arrays.stream(context().getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst().orElseThrow(() -> new AssertionError("bundle " + symbolicName + " is not installed"));
    }

    /** Creates or updates the factory configuration with this alias (pid {@code dev.rpcplugin.plugin~alias}). */
    void configure(String alias, Map<String, Object> properties) {
        Object configuration = factoryConfiguration(alias);
        invoke(configuration, "org.osgi.service.cm.Configuration", "update",
                new Class<?>[] {java.util.Dictionary.class}, new Hashtable<>(properties));
    }

    /** Deletes the factory configuration with this alias. */
    void deleteConfiguration(String alias) {
        invoke(factoryConfiguration(alias), "org.osgi.service.cm.Configuration", "delete", new Class<?>[0]);
    }

    /** The registered connections of a plugin. */
    List<ServiceReference<?>> connections(String name) {
        try {
            ServiceReference<?>[] refs = context().getAllServiceReferences(CONNECTION, "(plugin.name=" + name + ")");
            return refs == null ? List.of() : List.of(refs);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The one registered connection of a plugin, or null (fails if there are several). */
    ServiceReference<?> connection(String name) {
        List<ServiceReference<?>> refs = connections(name);
        if (refs.size() > 1) {
            throw new AssertionError("plugin " + name + " has " + refs.size() + " registrations: " + refs);
        }
        return refs.isEmpty() ? null : refs.get(0);
    }

    /** The socket path or host:port of a registered connection, from its description. */
    String address(ServiceReference<?> ref) {
        Object connection = context().getService(ref);
        try {
            Object description = invoke(connection, CONNECTION, "description", new Class<?>[0]);
            return (String) description.getClass().getMethod("address").invoke(description);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        } finally {
            context().ungetService(ref);
        }
    }

    /**
     * The private socket directory the host made for a connection's incarnation: the directory right
     * under the configured {@code socket.dir} that holds the plugin's socket.
     */
    Path socketDirectory(ServiceReference<?> ref, Path socketDirParent) {
        Path dir = Path.of(address(ref));
        while (dir.getParent() != null && !dir.getParent().equals(socketDirParent)) {
            dir = dir.getParent();
        }
        if (dir.getParent() == null) {
            throw new AssertionError("socket " + address(ref) + " is not under " + socketDirParent);
        }
        return dir;
    }

    /** The admin's view of a plugin, or null when no configuration shows that name. */
    PluginStatus status(String name) {
        ServiceReference<?> ref = adminReference();
        if (ref == null) {
            return null;
        }
        Object admin = context().getService(ref);
        try {
            Object found = invoke(admin, "dev.rpcplugin.api.PluginAdmin", "get", new Class<?>[] {String.class}, name);
            return ((java.util.Optional<?>) found).map(PluginStatus::of).orElse(null);
        } finally {
            context().ungetService(ref);
        }
    }

    /** Recent stderr lines of a plugin from the admin. */
    @SuppressWarnings("unchecked")
    List<String> recentLog(String name, int lines) {
        ServiceReference<?> ref = adminReference();
        Object admin = context().getService(ref);
        try {
            return (List<String>) invoke(admin, "dev.rpcplugin.api.PluginAdmin", "recentLog",
                    new Class<?>[] {String.class, int.class}, name, lines);
        } finally {
            context().ungetService(ref);
        }
    }

    /**
     * The attributes the MetaType service describes for the factory PID of plugin configurations, as
     * attribute id to default values (null when there is no default).
     */
    Map<String, String[]> pluginMetatype() {
        ServiceReference<?> ref = reference("org.osgi.service.metatype.MetaTypeService");
        Object metatype = context().getService(ref);
        try {
            String api = "org.osgi.service.metatype.";
            Object info = invoke(metatype, api + "MetaTypeService", "getMetaTypeInformation",
                    new Class<?>[] {Bundle.class}, bundle("dev.rpcplugin.runtime"));
            String[] factoryPids = (String[]) invoke(info, api + "MetaTypeInformation", "getFactoryPids",
                    new Class<?>[0]);
            if (!Arrays.asList(factoryPids).contains(FACTORY_PID)) {
                throw new AssertionError("no metatype for factory PID " + FACTORY_PID + ": "
                        + Arrays.toString(factoryPids));
            }
            Object ocd = invoke(info, api + "MetaTypeProvider", "getObjectClassDefinition",
                    new Class<?>[] {String.class, String.class}, FACTORY_PID, null);
            Object[] ads = (Object[]) invoke(ocd, api + "ObjectClassDefinition", "getAttributeDefinitions",
                    new Class<?>[] {int.class}, -1);
            Map<String, String[]> attributes = new java.util.TreeMap<>();
            for (Object ad : ads) {
                attributes.put((String) invoke(ad, api + "AttributeDefinition", "getID", new Class<?>[0]),
                        (String[]) invoke(ad, api + "AttributeDefinition", "getDefaultValue", new Class<?>[0]));
            }
            return attributes;
        } finally {
            context().ungetService(ref);
        }
    }

    /** A KV consumer inside the framework following the connections that match {@code filter}. */
    KvProbe consumer(String filter) throws ReflectiveOperationException {
        Bundle bundle = bundle(ConsumerBundle.SYMBOLIC_NAME);
        Class<?> type = bundle.loadClass("dev.rpcplugin.itest.consumer.TrackingKvConsumer");
        return (KvProbe) type.getConstructor(BundleContext.class, String.class)
                .newInstance(bundle.getBundleContext(), filter);
    }

    @Override
    public void close() {
        try {
            framework.stop();
            framework.waitForStop(STOP_MILLIS);
        } catch (Exception e) {
            throw new IllegalStateException("Felix did not stop", e);
        }
    }

    // "All": the API classes are also on the test class path, which the system bundle would otherwise
    // count as an incompatible class space and hide these services from the test
    private ServiceReference<?> adminReference() {
        return reference("dev.rpcplugin.api.PluginAdmin");
    }

    private ServiceReference<?> reference(String type) {
        try {
            ServiceReference<?>[] refs = context().getAllServiceReferences(type, null);
            return refs == null ? null : refs[0];
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Object factoryConfiguration(String alias) {
        ServiceReference<?> ref = context().getServiceReference("org.osgi.service.cm.ConfigurationAdmin");
        if (ref == null) {
            throw new AssertionError("no ConfigurationAdmin service");
        }
        Object admin = context().getService(ref);
        try {
            return invoke(admin, "org.osgi.service.cm.ConfigurationAdmin", "getFactoryConfiguration",
                    new Class<?>[] {String.class, String.class, String.class}, FACTORY_PID, alias, "?");
        } finally {
            context().ungetService(ref);
        }
    }

    // calls an API method through the interface as the service's bundle sees it
    private static Object invoke(Object target, String interfaceName, String method, Class<?>[] types,
            Object... args) {
        try {
            Class<?> api = Class.forName(interfaceName, false, target.getClass().getClassLoader());
            Method m = api.getMethod(method, types);
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(interfaceName + "." + method + " failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> jars(Path dir, Path extra) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> jars = new ArrayList<>(files.filter(p -> p.toString().endsWith(".jar")).sorted().toList());
            jars.add(extra);
            return jars;
        }
    }
}
