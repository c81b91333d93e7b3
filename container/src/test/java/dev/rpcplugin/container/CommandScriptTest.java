package dev.rpcplugin.container;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandScriptTest {

    @Test
    void splitsAtSemicolonsAndNewlines() {
        assertThat(CommandScript.statements("plugin:list; kv:put a 1;kv:get a\nlb"))
                .containsExactly("plugin:list", "kv:put a 1", "kv:get a", "lb");
    }

    @Test
    void dropsEmptyStatements() {
        assertThat(CommandScript.statements(" ; lb ;; \n ")).containsExactly("lb");
        assertThat(CommandScript.statements("   ")).isEmpty();
    }

    @Test
    void keepsSeparatorsInsideQuotes() {
        assertThat(CommandScript.statements("echo \"a;b\"; echo 'c;d'"))
                .containsExactly("echo \"a;b\"", "echo 'c;d'");
    }

    @Test
    void keepsSeparatorsInsideClosuresAndBrackets() {
        assertThat(CommandScript.statements("each [1 2] { echo $it; echo x }; (echo y; echo z)"))
                .containsExactly("each [1 2] { echo $it; echo x }", "(echo y; echo z)");
    }

    @Test
    void keepsEscapedSeparators() {
        assertThat(CommandScript.statements("echo a\\;b; lb")).containsExactly("echo a\\;b", "lb");
    }

    @Test
    void unterminatedQuoteLeavesTheRestToGogo() {
        assertThat(CommandScript.statements("echo \"a; b")).containsExactly("echo \"a; b");
    }
}
