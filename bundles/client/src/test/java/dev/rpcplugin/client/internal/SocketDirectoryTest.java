package dev.rpcplugin.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketDirectoryTest {

    @TempDir
    Path parent;

    @Test
    void everyDirectoryNameHasTheSameLengthSoThatASocketFitsAtEveryStartOrAtNone() throws Exception {
        List<SocketDirectory> created = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                created.add(SocketDirectory.create(parent));
            }
            assertThat(created).allSatisfy(directory -> {
                assertThat(directory.path().getParent()).isEqualTo(parent);
                assertThat(directory.path().getFileName().toString()).matches("rpcp[0-9]{10}");
                assertThat(SocketDirectory.isDirectoryName(directory.path().getFileName().toString())).isTrue();
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.path())))
                        .isEqualTo("rwx------");
            });
        } finally {
            created.forEach(SocketDirectory::delete);
        }
    }

    @Test
    void aParentIsTooLongWhenANestedSocketOfAJavaPluginWouldNotFit() {
        // the deepest socket: PARENT/rpcpNNNNNNNNNN/rpcpluginNNNNNNNNNN/pluginNNNNNNNNNN
        String deepest = "/rpcp0123456789/rpcplugin0123456789/plugin0123456789";
        Path fits = Path.of("/" + "p".repeat(SocketDirectory.MAX_SOCKET_PATH_BYTES - deepest.length() - 1));
        Path oneByteMore = Path.of(fits + "q");

        assertThat((fits + deepest).length()).isEqualTo(SocketDirectory.MAX_SOCKET_PATH_BYTES);
        assertThat(SocketDirectory.tooLongParent(fits)).isEmpty();
        assertThat(SocketDirectory.tooLongParent(oneByteMore)).hasValue(SocketDirectory.MAX_PARENT_BYTES + 1);
        assertThat(SocketDirectory.tooLongParent(Path.of("/tmp/ü".repeat(10)))).as("counted in bytes of UTF-8")
                .hasValue(70);
    }
}
