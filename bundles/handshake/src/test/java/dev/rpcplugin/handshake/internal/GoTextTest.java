package dev.rpcplugin.handshake.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoTextTest {

    @Test
    void trimSpaceRemovesGoSpacesOnly() {
        assertThat(GoText.trimSpace(" \t1|2\r\n")).isEqualTo("1|2");
        assertThat(GoText.trimSpace("\u00A0\u2003x\u3000\u0085")).isEqualTo("x");
        assertThat(GoText.trimSpace("\u000B\fx\u2028\u2029\u202F\u205F\u1680")).isEqualTo("x");
        // Java's isWhitespace counts U+001C..U+001F as whitespace, Go does not.
        assertThat(GoText.trimSpace("\u001Cx\u001F")).isEqualTo("\u001Cx\u001F");
        assertThat(GoText.trimSpace("\u200Bx")).isEqualTo("\u200Bx");
        assertThat(GoText.trimSpace(" \n ")).isEmpty();
        assertThat(GoText.trimSpace("a b")).isEqualTo("a b");
    }

    @ParameterizedTest
    @CsvSource({"1,1", "+1,1", "-1,-1", "007,7", "-0,0", "9223372036854775807,9223372036854775807",
            "-9223372036854775808,-9223372036854775808"})
    void atoiAcceptsWhatGoAccepts(String text, long expected) {
        ParsedInt parsed = GoText.atoi(text);
        assertThat(parsed.ok()).isTrue();
        assertThat(parsed.value()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "+", "-", " 1", "1 ", "1_000", "0x10", "1.0", "١", "--1", "+-1", "1e3", "１"})
    void atoiRejectsSyntaxGoRejects(String text) {
        assertThat(GoText.atoi(text).error()).isEqualTo(GoText.INVALID_SYNTAX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775808", "-9223372036854775809", "99999999999999999999999",
            "18446744073709551616x"})
    void atoiReportsRangeLikeGo(String text) {
        assertThat(GoText.atoi(text).error()).isEqualTo(GoText.OUT_OF_RANGE);
    }

    @Test
    void parseInt32UsesGoOrderOfErrors() {
        assertThat(GoText.parseInt("2147483647", 32).value()).isEqualTo(2147483647L);
        assertThat(GoText.parseInt("-2147483648", 32).value()).isEqualTo(-2147483648L);
        assertThat(GoText.parseInt("2147483648", 32).error()).isEqualTo(GoText.OUT_OF_RANGE);
        // Go's ParseUint only overflows past 2^32-1, so a later bad character wins here.
        assertThat(GoText.parseInt("2147483648x", 32).error()).isEqualTo(GoText.INVALID_SYNTAX);
        assertThat(GoText.parseInt("4294967296x", 32).error()).isEqualTo(GoText.OUT_OF_RANGE);
    }

    @Test
    void parseBoolMatchesGo() {
        for (String yes : new String[] {"1", "t", "T", "TRUE", "true", "True"}) {
            assertThat(GoText.parseBool(yes)).as(yes).isTrue();
        }
        for (String no : new String[] {"0", "f", "F", "FALSE", "false", "False"}) {
            assertThat(GoText.parseBool(no)).as(no).isFalse();
        }
        for (String bad : new String[] {"", "yes", "tRUE", " true", "2", "on"}) {
            assertThat(GoText.parseBool(bad)).as(bad).isNull();
        }
    }

    @Test
    void splitKeepsEveryEmptyFieldLikeGo() {
        assertThat(GoText.split("", '|')).containsExactly("");
        assertThat(GoText.split("a|", '|')).containsExactly("a", "");
        assertThat(GoText.split("|a||b|", '|')).containsExactly("", "a", "", "b", "");
        assertThat(GoText.split("abc", '|')).containsExactly("abc");
    }

    @Test
    void utf8LengthCountsBytes() {
        assertThat(GoText.utf8Length("abc")).isEqualTo(3);
        assertThat(GoText.utf8Length("é")).isEqualTo(2);
        assertThat(GoText.utf8Length("€")).isEqualTo(3);
        assertThat(GoText.utf8Length("😀")).isEqualTo(4);
        assertThat(GoText.utf8Length("\uD800")).isEqualTo(3);
    }

    @Test
    void controlCharactersAreDetected() {
        assertThat(GoText.hasControlCharacter("/tmp/a b")).isFalse();
        assertThat(GoText.hasControlCharacter("/tmp/a\tb")).isTrue();
        assertThat(GoText.hasControlCharacter("\u007F")).isTrue();
    }

    @Test
    void messageTextEscapesAndShortens() {
        assertThat(MessageText.quote("a\"b\\c\n\u0001")).isEqualTo("\"a\\\"b\\\\c\\n\\x01\"");
        assertThat(MessageText.visible("x\ry")).isEqualTo("x\\ry");
        String shown = MessageText.visible("z".repeat(MessageText.MAX_SHOWN + 10));
        assertThat(shown).startsWith("zzz").endsWith("…(10 more characters)");
    }
}
