package dev.tandem.control.primary;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What lets a restart skip reading a zone file: the digest of its bytes, the same for the same
 * bytes only, and none for a file that includes others, however the directive is written.
 */
class StartingFileTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void theSameBytesHaveTheSameDigestAndOneByteChangesIt() throws IOException {
    String zone = "$ORIGIN example.test.\n@ 300 SOA ns1 h 1 3600 900 1209600 300\n";
    String a = StartingFile.bytesDigest(write("a", zone));
    assertThat(a).startsWith("file-sha256:");
    assertThat(StartingFile.bytesDigest(write("b", zone))).isEqualTo(a);
    assertThat(StartingFile.bytesDigest(write("c", zone.replace(" 1 ", " 2 ")))).isNotEqualTo(a);
    assertThat(StartingFile.bytesDigest(dir.resolve("missing"))).isNull();
  }

  @Test
  void aFileThatIncludesAnotherHasNoDigest() throws IOException {
    assertThat(StartingFile.bytesDigest(write("a", "$include other.zone\n"))).isNull();
    assertThat(StartingFile.bytesDigest(write("b", "x A 192.0.2.1\n$INCLUDE other.zone\n")))
        .isNull();
    // across the reads the digest is made in (64 KB)
    String padding = ";".repeat((1 << 16) - 4) + "\n";
    assertThat(StartingFile.bytesDigest(write("c", padding + "$InClUdE other.zone\n"))).isNull();
    assertThat(StartingFile.bytesDigest(write("d", padding + "$ORIGIN example.test.\n")))
        .isNotNull();
  }
}
