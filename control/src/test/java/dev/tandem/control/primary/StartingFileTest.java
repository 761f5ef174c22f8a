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

  /**
   * A zone new to the store has its file's digest taken as it is stored, after it is served: the
   * file's, if it is as it was before it was read; none if it was written since, so that the next
   * start reads it rather than trust a digest of bytes other than the served ones.
   */
  @Test
  void aDigestTakenLaterIsOfTheFileAsReadOrNone() throws IOException {
    String zone = "$ORIGIN example.test.\n@ 300 SOA ns1 h 1 3600 900 1209600 300\n";
    Path a = write("a", zone);
    var later = StartingFile.later(a, StartingFile.stamp(a));
    assertThat(later.get()).isEqualTo(StartingFile.bytesDigest(a));
    Files.writeString(a, zone + "x 300 A 192.0.2.1\n");
    assertThat(later.get()).as("taken once").isEqualTo(StartingFile.bytesDigest(write("b", zone)));

    Path c = write("c", zone);
    var changed = StartingFile.later(c, StartingFile.stamp(c));
    Files.writeString(c, zone + "x 300 A 192.0.2.1\n"); // written after it was read
    assertThat(changed.get()).isNull();
    assertThat(StartingFile.later(dir.resolve("missing"), null).get()).isNull();
  }
}
