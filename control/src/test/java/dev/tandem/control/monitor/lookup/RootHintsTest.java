package dev.tandem.control.monitor.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Root hints in named.root's format, and the Internet's built in. */
class RootHintsTest {
  @TempDir Path dir;

  @Test
  void namedRootIsRead() throws Exception {
    Path f = dir.resolve("named.root");
    Files.writeString(
        f,
        """
        ; a root on loopback
        .                  3600000  IN NS  a.root.test.
        a.root.test.       3600000  IN A   127.53.0.1
        a.root.test.       3600000     AAAA ::1
        """);
    RootHints h = RootHints.read(f);
    assertThat(h.addresses())
        .extracting(a -> a.getAddress().getHostAddress() + ":" + a.getPort())
        .containsExactly("127.53.0.1:53", "0:0:0:0:0:0:0:1:53");
    assertThat(h.loopbackOnly()).isTrue();
  }

  @Test
  void theInternetsRootHasThirteenServersAndIsNotLoopback() {
    RootHints h = RootHints.internet();
    assertThat(h.servers()).hasSize(13);
    assertThat(h.addresses()).hasSize(26);
    assertThat(h.loopbackOnly()).isFalse();
  }

  @Test
  void hintsWithoutARootServerAddressAreRefusedNamingTheFile() throws Exception {
    Path f = dir.resolve("bad.root");
    Files.writeString(f, ". NS a.root.test.\n", StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> RootHints.read(f))
        .hasMessageContaining("root hints " + f)
        .hasMessageContaining("no address for any root server");
    assertThatThrownBy(() -> RootHints.read(dir.resolve("missing")))
        .hasMessageContaining("no such file");
    Files.writeString(f, "example. NS ns.example.\n");
    assertThatThrownBy(() -> RootHints.read(f)).hasMessageContaining("root hints list the root's");
  }
}
