package dev.rpcplugin.examples.kv.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.CommandSessionImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The commands as Gogo's runtime calls them: what it makes of the words typed, where output goes. */
class GogoKvCommandsTest {

    private final ThreadIOImpl threadIO = new ThreadIOImpl();
    // prints to System.out as in the framework: Gogo's ThreadIO routes it to the session
    private final KvCommands commands = new KvCommands();
    private final CommandProcessorImpl processor;
    private final InProcessPlugin plugin;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    GogoKvCommandsTest() throws Exception {
        threadIO.start();
        processor = new CommandProcessorImpl(threadIO);
        processor.addCommand("kv", commands, "put");
        processor.addCommand("kv", commands, "get");
        plugin = new InProcessPlugin("kv", new MemoryKv());
    }

    @AfterEach
    void stop() throws InterruptedException {
        processor.stop();
        threadIO.stop();
        plugin.close();
    }

    /** Runs a line in a fresh session; {@link #out} and {@link #err} collect what it printed. */
    private void run(String line) throws Exception {
        out.reset();
        err.reset();
        try (CommandSessionImpl session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, err)) {
            assertThat(session.execute(line)).isNull();
        }
    }

    private String printed(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }

    @Test
    void valuesThatLookLikeNumbersOrBooleansAreStoredAsTyped() throws Exception {
        commands.connection = plugin;

        run("kv:put a 1; kv:put b 007; kv:put c true; kv:put 42 x");
        assertThat(printed(out)).isEqualTo("stored \"a\" in plugin kv\nstored \"b\" in plugin kv\n"
                + "stored \"c\" in plugin kv\nstored \"42\" in plugin kv\n");

        run("kv:get a; kv:get b; kv:get c; kv:get 42");
        assertThat(printed(out)).isEqualTo("1\n007\ntrue\nx\n");
        assertThat(printed(err)).isEmpty();
    }

    @Test
    void helpPrintsTheUsageAndMissingArgumentsAreNamedWithoutACall() throws Exception {
        commands.connection = plugin;

        run("kv:get --help");
        assertThat(printed(out)).isEqualTo(KvCommands.GET_USAGE + "\n");
        run("kv:put --help");
        assertThat(printed(out)).isEqualTo(KvCommands.PUT_USAGE + "\n");
        run("kv:put a; kv:put; kv:get");
        assertThat(printed(out)).isEqualTo("kv:put: KEY and VALUE are required\nkv:put: KEY and VALUE are required\n"
                + "kv:get: KEY is required\n");
        // none of them reached the plugin: nothing was stored under "--help" or "a"
        run("kv:get a; kv:put b 1; kv:get b");
        assertThat(printed(out)).isEqualTo("kv:get: NOT_FOUND: no value for key \"a\"\nstored \"b\" in plugin kv\n1\n");
    }

    @Test
    void quotedValuesKeepTheirBlanks() throws Exception {
        commands.connection = plugin;

        run("kv:put greeting 'hello world'");
        run("kv:get greeting");

        assertThat(printed(out)).isEqualTo("hello world\n");
    }

    @Test
    void withoutAPluginTheSessionGetsAMessage() throws Exception {
        run("kv:get a");

        assertThat(printed(out)).isEqualTo("no KV plugin available\n");
        assertThat(printed(err)).isEmpty();
    }
}
