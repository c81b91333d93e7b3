package dev.rpcplugin.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExecutableChecksumTest {
    /** SHA-256 of the four bytes "abc\n". */
    private static final String ABC_NEWLINE = "edeaaff3f1774ad2888673770c6d64097e391bc362d7d6fb34982ddf0efd18cb";

    @TempDir
    Path directory;

    @Test
    void matchingChecksumPasses() throws Exception {
        Path plugin = write("plugin", "abc\n");

        assertThatNoException().isThrownBy(() -> ExecutableChecksum.ofHex(ABC_NEWLINE).verify(plugin));
        assertThatNoException().isThrownBy(() -> ExecutableChecksum.ofHex(ABC_NEWLINE.toUpperCase()).verify(plugin));
        assertThatNoException().isThrownBy(() -> ExecutableChecksum.of(HexFormat.of().parseHex(ABC_NEWLINE))
                .verify(plugin));
        assertThat(ExecutableChecksum.compute(plugin).hex()).isEqualTo(ABC_NEWLINE);
        assertThat(ExecutableChecksum.compute(plugin)).isEqualTo(ExecutableChecksum.ofHex(ABC_NEWLINE));
    }

    @Test
    void mismatchNamesTheFileAndBothDigests() throws Exception {
        Path plugin = write("plugin", "abd\n");
        String actual = ExecutableChecksum.compute(plugin).hex();

        ChecksumMismatchException mismatch = catchThrowableOfType(ChecksumMismatchException.class,
                () -> ExecutableChecksum.ofHex(ABC_NEWLINE).verify(plugin));

        assertThat(mismatch).hasMessage("error verifying checksum: file " + plugin
                + ": checksums did not match (expected sha256 " + ABC_NEWLINE + ", actual sha256 " + actual + ")");
        assertThat(mismatch.expectedHex()).isEqualTo(ABC_NEWLINE);
        assertThat(mismatch.actualHex()).isEqualTo(actual);
        assertThat(mismatch.source()).isEqualTo("file " + plugin);
    }

    @Test
    void missingFileIsAnErrorVerifyingTheChecksum() {
        Path missing = directory.resolve("no-such-plugin");

        ChecksumException failure = catchThrowableOfType(ChecksumException.class,
                () -> ExecutableChecksum.ofHex(ABC_NEWLINE).verify(missing));

        assertThat(failure).isNotInstanceOf(ChecksumMismatchException.class)
                .hasMessage("error verifying checksum: file " + missing + ": no such file");
    }

    @Test
    void directoryIsAnErrorVerifyingTheChecksum() {
        ChecksumException failure = catchThrowableOfType(ChecksumException.class,
                () -> ExecutableChecksum.ofHex(ABC_NEWLINE).verify(directory));

        assertThat(failure).hasMessage("error verifying checksum: file " + directory + ": is a directory");
    }

    @Test
    void expectedChecksumMustBeAWholeSha256() {
        assertThat(catchThrowableOfType(SecurityConfigException.class, () -> ExecutableChecksum.ofHex(" ")))
                .hasMessage("SHA-256 checksum: no checksum provided");
        assertThat(catchThrowableOfType(SecurityConfigException.class, () -> ExecutableChecksum.of(new byte[0])))
                .hasMessage("SHA-256 checksum: no checksum provided");
        assertThat(catchThrowableOfType(SecurityConfigException.class, () -> ExecutableChecksum.ofHex("abc123")))
                .hasMessage("SHA-256 checksum: expected 64 hex digits, got \"abc123\"");
        assertThat(catchThrowableOfType(SecurityConfigException.class,
                () -> ExecutableChecksum.ofHex(ABC_NEWLINE.replace('e', 'g'))))
                .hasMessageStartingWith("SHA-256 checksum: expected 64 hex digits, got \"gdgaaff3f1");
        assertThat(catchThrowableOfType(SecurityConfigException.class, () -> ExecutableChecksum.of(new byte[16])))
                .hasMessage("SHA-256 checksum: expected 32 bytes, got 16");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0661", "\uFF10", "\uFF41"}) // Arabic-Indic one, fullwidth zero, fullwidth a
    void digitsOtherThanAsciiHexAreRefusedAsTyped(String digit) {
        String hex = digit.repeat(64);

        assertThat(catchThrowableOfType(SecurityConfigException.class, () -> ExecutableChecksum.ofHex(hex)))
                .hasMessage("SHA-256 checksum: expected 64 hex digits, got \"" + hex + "\"");
    }

    @Test
    void bytesAreCopied() throws Exception {
        byte[] digest = HexFormat.of().parseHex(ABC_NEWLINE);
        ExecutableChecksum checksum = ExecutableChecksum.of(digest);
        digest[0] = 0;

        assertThat(checksum.hex()).isEqualTo(ABC_NEWLINE);
        checksum.bytes()[0] = 0;
        assertThat(checksum.hex()).isEqualTo(ABC_NEWLINE);
        assertThat(checksum).hasToString("sha256:" + ABC_NEWLINE);
    }

    private Path write(String name, String content) throws Exception {
        return Files.write(directory.resolve(name), content.getBytes(StandardCharsets.US_ASCII));
    }
}
