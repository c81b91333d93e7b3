package dev.rpcplugin.examples.kv.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.CommandSessionImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The commands as Gogo's runtime calls them: what it makes of the words typed. */
class GogoKvCommandsTest {

    private final ThreadIOImpl threadIO = new ThreadIOImpl();
    private final KvCommands commands = new KvCommands();
    private final CommandProcessorImpl processor;
    private final InProcessPlugin plugin;

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

    private Object run(String line) throws Exception {
        try (CommandSessionImpl session = processor.createSession(new ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream(), new ByteArrayOutputStream())) {
            return session.execute(line);
        }
    }

    @Test
    void valuesThatLookLikeNumbersOrBooleansAreStoredAsTyped() throws Exception {
        commands.connection = plugin;

        run("kv:put a 1; kv:put b 007; kv:put c true; kv:put 42 x");

        assertThat(run("kv:get a")).isEqualTo("1");
        assertThat(run("kv:get b")).isEqualTo("007");
        assertThat(run("kv:get c")).isEqualTo("true");
        assertThat(run("kv:get 42")).isEqualTo("x");
    }

    @Test
    void quotedValuesKeepTheirBlanks() throws Exception {
        commands.connection = plugin;

        run("kv:put greeting 'hello world'");

        assertThat(run("kv:get greeting")).isEqualTo("hello world");
    }

    @Test
    void withoutAPluginTheShellGetsAMessage() throws Exception {
        assertThat(run("kv:get a")).isEqualTo("no KV plugin available");
    }
}
