package dev.rpcplugin.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArgvSplitterTest {

    @Test
    void blanksSeparateWords() {
        assertThat(ArgvSplitter.split("  /opt/kv-plugin   --serve\t-v "))
                .containsExactly("/opt/kv-plugin", "--serve", "-v");
    }

    @Test
    void quotesGroupAndAreRemoved() {
        assertThat(ArgvSplitter.split("java -cp '/a b/*' \"-Dx=a \\\"b\\\"\" pre'mid'post"))
                .containsExactly("java", "-cp", "/a b/*", "-Dx=a \"b\"", "premidpost");
    }

    @Test
    void backslashEscapesOutsideQuotesAndStaysLiteralInsideSingleQuotes() {
        assertThat(ArgvSplitter.split("a\\ b 'c\\d'")).containsExactly("a b", "c\\d");
    }

    @Test
    void emptyQuotesMakeAnEmptyWord() {
        assertThat(ArgvSplitter.split("prog '' x")).containsExactly("prog", "", "x");
    }

    @Test
    void noExpansionHappens() {
        assertThat(ArgvSplitter.split("echo $HOME *")).containsExactly("echo", "$HOME", "*");
    }

    @Test
    void blankTextHasNoWords() {
        assertThat(ArgvSplitter.split("   ")).isEmpty();
    }

    @Test
    void unterminatedQuotesAndTrailingBackslashAreRefused() {
        assertThatThrownBy(() -> ArgvSplitter.split("a 'b")).hasMessage("unterminated single quote at position 2");
        assertThatThrownBy(() -> ArgvSplitter.split("a \"b")).hasMessage("unterminated double quote at position 2");
        assertThatThrownBy(() -> ArgvSplitter.split("a b\\")).hasMessage("trailing backslash");
    }
}
