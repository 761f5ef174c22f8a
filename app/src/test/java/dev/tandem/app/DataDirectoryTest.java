package dev.tandem.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The data directory holds TSIG secrets and API keys: its owner's alone, new or left open by an
 * earlier version, and never in a directory every user may write to.
 */
class DataDirectoryTest {
  @TempDir Path tmp;
  private Path data;
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();

  @BeforeEach
  void listen() {
    data = tmp.resolve("data");
    log.start();
    ((Logger) LoggerFactory.getLogger(DataDirectory.class)).addAppender(log);
  }

  @AfterEach
  void stopListening() {
    ((Logger) LoggerFactory.getLogger(DataDirectory.class)).detachAppender(log);
  }

  @Test
  void aNewDataDirectoryAndItsFilesAreTheOwnersAlone() throws Exception {
    try (DataDirectory d = DataDirectory.open(data)) {
      d.writeApiAccess("http://127.0.0.1:1", "local-secret");
      assertThat(mode(data)).isEqualTo("rwx------");
      assertThat(mode(data.resolve("tandem.lock"))).isEqualTo("rw-------");
      assertThat(mode(data.resolve("api.json"))).isEqualTo("rw-------");
    }
    assertThat(log.list).isEmpty();
  }

  @Test
  void aDataDirectoryLeftOpenByAnEarlierVersionIsTightenedWithAWarning() throws Exception {
    // As versions before this one left it: 0755 directories, 0644 files.
    Files.createDirectories(data.resolve("zones"));
    for (String f :
        List.of("tandem.lock", "tandem.db", "tandem.db-wal", "zones/example.test.zone")) {
      Files.writeString(data.resolve(f), "");
      chmod(data.resolve(f), "rw-r--r--");
    }
    chmod(data.resolve("zones"), "rwxr-xr-x");
    chmod(data, "rwxr-xr-x");

    try (DataDirectory d = DataDirectory.open(data)) {
      assertThat(mode(data)).isEqualTo("rwx------");
      assertThat(mode(data.resolve("zones"))).isEqualTo("rwx------");
      for (String f :
          List.of("tandem.lock", "tandem.db", "tandem.db-wal", "zones/example.test.zone")) {
        assertThat(mode(data.resolve(f))).as(f).isEqualTo("rw-------");
      }
    }
    assertThat(log.list)
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getFormattedMessage())
                    .contains("other users could read it")
                    .contains(data.toString())
                    .contains("tandem.db")
                    .contains("zones/example.test.zone"));
  }

  @Test
  void aDirectoryHoldingOtherFilesKeepsItsModeWhileTandemsFilesAreTightened() throws Exception {
    // --data naming a directory of the operator's by mistake must not change it.
    Files.createDirectories(data);
    Files.writeString(data.resolve("notes.txt"), "mine");
    Files.writeString(data.resolve("tandem.lock"), "");
    chmod(data.resolve("notes.txt"), "rw-r--r--");
    chmod(data.resolve("tandem.lock"), "rw-r--r--");
    chmod(data, "rwxr-xr-x");

    try (DataDirectory d = DataDirectory.open(data)) {
      assertThat(mode(data)).isEqualTo("rwxr-xr-x");
      assertThat(mode(data.resolve("notes.txt"))).isEqualTo("rw-r--r--");
      assertThat(mode(data.resolve("tandem.lock"))).isEqualTo("rw-------");
    }
    assertThat(log.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .anySatisfy(
            m -> assertThat(m).contains("holds files Tandem did not make").contains("chmod 700"));
  }

  @Test
  void aDirectoryEveryUserMayWriteToIsRefused() throws Exception {
    Files.createDirectories(data);
    chmod(data, "rwxrwxrwx");

    assertThatThrownBy(() -> DataDirectory.open(data))
        .isInstanceOf(StartException.class)
        .hasMessageContaining("the data directory " + data + " is writable by every user")
        .hasMessageContaining("--data");
    assertThat(mode(data)).isEqualTo("rwxrwxrwx");
    assertThat(data.resolve("tandem.lock")).doesNotExist();
  }

  private static void chmod(Path p, String mode) throws Exception {
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
