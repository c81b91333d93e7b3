package dev.rpcplugin.shell.internal;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import dev.rpcplugin.api.PluginAdmin;
import dev.rpcplugin.api.PluginConnection;
import dev.rpcplugin.api.PluginStatusDTO;

/**
 * Gogo commands of scope {@code plugin}. Registered through the RFC 147 service properties, so both
 * Felix Gogo and Karaf's shell pick them up. Each command prints its text to {@code System.out}, which
 * the shell routes to the calling session (Karaf does not print returned values of non-interactive
 * commands, so nothing is returned). A missing runtime or an unknown plugin name is an exception
 * whose message the shell prints.
 *
 * <p>Each command prints its usage for {@code --help} (Karaf's {@code help plugin:info} runs
 * {@code plugin:info --help}); a missing or extra argument is an exception that says how the command
 * is used, where Gogo would only say that it cannot coerce the arguments.
 *
 * <p>Gogo finds a command by public method name, so this class has no other public methods.
 */
@Component(service = PluginCommands.class, property = {
    "osgi.command.scope=plugin",
    "osgi.command.function=list",
    "osgi.command.function=info",
    "osgi.command.function=start",
    "osgi.command.function=stop",
    "osgi.command.function=restart",
    "osgi.command.function=logs",
    "osgi.command.function=services"
})
public final class PluginCommands {

    static final String NO_RUNTIME = "rpcplugin runtime is not running (no PluginAdmin service)";
    static final String DEFAULT_LOG_LINES = "50";
    static final String HELP = "--help";

    private static final Map<String, String> SYNOPSES = Map.of("list", "plugin:list", "info", "plugin:info NAME",
            "start", "plugin:start NAME", "stop", "plugin:stop NAME", "restart", "plugin:restart NAME",
            "logs", "plugin:logs [-n LINES] NAME", "services", "plugin:services NAME");

    // optional and dynamic: the commands exist before the runtime starts and survive its restarts
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile PluginAdmin admin;

    // the service properties of every registered connection; SCR replaces the list on each change
    @Reference(service = PluginConnection.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    volatile List<Map<String, Object>> connections = List.of();

    private final Clock clock;
    // looked up on every command: the shell swaps System.out per session thread
    private final Supplier<PrintStream> out;

    /** Used by SCR. */
    public PluginCommands() {
        this(Clock.systemUTC(), () -> System.out);
    }

    PluginCommands(Clock clock, Supplier<PrintStream> out) {
        this.clock = clock;
        this.out = out;
    }

    /** {@code plugin:list}: the table of configured plugins. */
    @Descriptor("lists the configured plugins: state, pid, protocol, services, restarts, uptime")
    public void list() {
        print(PluginTable.render(admin().list(), clock.instant()));
    }

    /**
     * {@code plugin:list --help}; any other argument is refused.
     *
     * @param option {@code --help}
     */
    public void list(String option) {
        if (!helped("list", option)) {
            throw misused("list", "takes no arguments");
        }
    }

    /** {@code plugin:list} with arguments: says how it is used. */
    public void list(String first, String second, String... more) {
        throw misused("list", "takes no arguments, got " + words(first, second, more));
    }

    /**
     * {@code plugin:info NAME}: everything known about one plugin.
     *
     * @param name the plugin name
     */
    @Descriptor("shows the full status of one plugin, with its last failure and next restart attempt")
    public void info(@Descriptor("the plugin name") String name) {
        if (helped("info", name)) {
            return;
        }
        print(PluginInfoText.render(status(admin(), name), clock.instant()));
    }

    /** {@code plugin:info} without a name: says how it is used. */
    public void info() {
        throw misused("info", "needs a plugin name");
    }

    /** {@code plugin:info} with more than a name: says how it is used. */
    public void info(String first, String second, String... more) {
        throw tooMany("info", first, second, more);
    }

    /**
     * {@code plugin:start NAME}.
     *
     * @param name the plugin name
     */
    @Descriptor("starts a stopped or failed plugin (in the background)")
    public void start(@Descriptor("the plugin name") String name) {
        if (helped("start", name)) {
            return;
        }
        control("start", name, PluginAdmin::start);
    }

    /** {@code plugin:start} without a name: says how it is used. */
    public void start() {
        throw misused("start", "needs a plugin name");
    }

    /** {@code plugin:start} with more than a name: says how it is used. */
    public void start(String first, String second, String... more) {
        throw tooMany("start", first, second, more);
    }

    /**
     * {@code plugin:stop NAME}.
     *
     * @param name the plugin name
     */
    @Descriptor("stops a plugin: unregisters its service and ends its process (in the background)")
    public void stop(@Descriptor("the plugin name") String name) {
        if (helped("stop", name)) {
            return;
        }
        control("stop", name, PluginAdmin::stop);
    }

    /** {@code plugin:stop} without a name: says how it is used. */
    public void stop() {
        throw misused("stop", "needs a plugin name");
    }

    /** {@code plugin:stop} with more than a name: says how it is used. */
    public void stop(String first, String second, String... more) {
        throw tooMany("stop", first, second, more);
    }

    /**
     * {@code plugin:restart NAME}.
     *
     * @param name the plugin name
     */
    @Descriptor("restarts a plugin with a new process incarnation (in the background)")
    public void restart(@Descriptor("the plugin name") String name) {
        if (helped("restart", name)) {
            return;
        }
        control("restart", name, PluginAdmin::restart);
    }

    /** {@code plugin:restart} without a name: says how it is used. */
    public void restart() {
        throw misused("restart", "needs a plugin name");
    }

    /** {@code plugin:restart} with more than a name: says how it is used. */
    public void restart(String first, String second, String... more) {
        throw tooMany("restart", first, second, more);
    }

    /**
     * {@code plugin:logs [-n N] NAME}: the plugin's most recent lines (stderr, and what a Java plugin printed).
     *
     * @param lines how many lines at most, at least 1
     * @param name the plugin name
     */
    @Descriptor("shows the most recent lines the plugin wrote to its stderr (and, for a Java plugin, to System.out and System.err)")
    public void logs(
            @Descriptor("how many lines at most (default " + DEFAULT_LOG_LINES + ")")
            @Parameter(names = {"-n", "--lines"}, absentValue = DEFAULT_LOG_LINES) int lines,
            @Descriptor("the plugin name") String name) {
        if (helped("logs", name)) {
            return;
        }
        if (lines < 1) {
            throw new CommandException("-n must be at least 1, got " + lines);
        }
        PluginAdmin runtime = admin();
        status(runtime, name);
        List<String> log = runtime.recentLog(name, lines);
        print(log.isEmpty() ? "plugin \"" + name + "\" has no lines kept (none written yet, or log.lines is 0)"
                : String.join("\n", log));
    }

    /** {@code plugin:logs} without a name: says how it is used. */
    public void logs() {
        throw misused("logs", "needs a plugin name");
    }

    /**
     * {@code plugin:logs} with arguments Gogo could not match to {@code [-n LINES] NAME}: says which
     * part is wrong.
     */
    public void logs(String first, String second, String... more) {
        List<String> words = new java.util.ArrayList<>(List.of(first, second));
        words.addAll(List.of(more));
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word.equals("-n") || word.equals("--lines")) {
                String count = i + 1 < words.size() ? words.get(++i) : null;
                if (!isInt(count)) {
                    throw misused("logs", word + " needs a number of lines, got "
                            + (count == null ? "nothing" : count));
                }
            } else {
                names.add(word);
            }
        }
        throw names.isEmpty() ? misused("logs", "needs a plugin name")
                : misused("logs", "takes one plugin name, got " + String.join(" ", names));
    }

    /**
     * {@code plugin:services NAME}: the plugin's registered PluginConnection services.
     *
     * @param name the plugin name
     */
    @Descriptor("shows the PluginConnection services registered for a plugin, with their properties")
    public void services(@Descriptor("the plugin name") String name) {
        if (helped("services", name)) {
            return;
        }
        PluginStatusDTO status = status(admin(), name);
        print(ConnectionListing.render(name, StatusText.state(status), connections));
    }

    /** {@code plugin:services} without a name: says how it is used. */
    public void services() {
        throw misused("services", "needs a plugin name");
    }

    /** {@code plugin:services} with more than a name: says how it is used. */
    public void services(String first, String second, String... more) {
        throw tooMany("services", first, second, more);
    }

    // prints the usage for --help, before anything else: it works without the runtime too
    private boolean helped(String function, String argument) {
        if (!HELP.equals(argument)) {
            return false;
        }
        print("usage: " + SYNOPSES.get(function) + "\n  " + descriptor(function));
        return true;
    }

    private static CommandException misused(String function, String what) {
        return new CommandException("plugin:" + function + " " + what + "; usage: " + SYNOPSES.get(function));
    }

    private static CommandException tooMany(String function, String first, String second, String... more) {
        return misused(function, "takes one plugin name, got " + words(first, second, more));
    }

    private static boolean isInt(String text) {
        try {
            Integer.parseInt(text);
            return true;
        } catch (NumberFormatException e) { // also null, and a number too large for an int
            return false;
        }
    }

    private static String words(String first, String second, String... more) {
        StringBuilder text = new StringBuilder(first).append(' ').append(second);
        for (String word : more) {
            text.append(' ').append(word);
        }
        return text.toString();
    }

    // the @Descriptor of the command's method that carries one
    private static String descriptor(String function) {
        return Arrays.stream(PluginCommands.class.getMethods()).filter(m -> m.getName().equals(function))
                .map(m -> m.getAnnotation(Descriptor.class)).filter(Objects::nonNull).map(Descriptor::value)
                .findFirst().orElse("");
    }

    private PluginAdmin admin() {
        PluginAdmin current = admin;
        if (current == null) {
            throw new CommandException(NO_RUNTIME);
        }
        return current;
    }

    private static PluginStatusDTO status(PluginAdmin runtime, String name) {
        if (name == null || name.isBlank()) {
            throw new CommandException("a plugin name is required");
        }
        return runtime.get(name).orElseThrow(() -> new CommandException("no plugin named \"" + name + "\""));
    }

    /** Checks the name first, so an unknown plugin gets the same message as in every other command. */
    private void control(String action, String name, BiConsumer<PluginAdmin, String> request) {
        PluginAdmin runtime = admin();
        PluginStatusDTO before = status(runtime, name);
        request.accept(runtime, name);
        print(action + " requested for plugin \"" + name + "\" (was " + StatusText.state(before)
                + "); see plugin:info " + name);
    }

    private void print(String text) {
        PrintStream stream = out.get();
        stream.println(text);
        stream.flush();
    }
}
