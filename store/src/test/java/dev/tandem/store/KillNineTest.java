package dev.tandem.store;

import static dev.tandem.store.KillNineWriter.HOSTS;
import static dev.tandem.store.TestZones.ORIGIN;
import static dev.tandem.store.TestZones.numbered;
import static dev.tandem.store.TestZones.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.zone.JournalStep;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every write is one durable transaction: a writer killed with SIGKILL at any point leaves the zone
 * as it was before its last write or after it, its contents at the serial its state names, and
 * nothing it reported as written is lost.
 */
class KillNineTest {
  @TempDir Path dir;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void aWriterKilledMidLoopLeavesAConsistentZone() throws Exception {
    Path file = dir.resolve("tandem.db");
    // Kill after different numbers of writes, so that the kill lands in appends, replacements
    // and compactions alike; each round continues from what the previous one left.
    for (int wanted : List.of(25, 62, 113)) {
      Path err = dir.resolve("writer-" + wanted + ".err");
      Process writer = start(file, err);
      long reported = -1;
      int seen = 0;
      try (BufferedReader out = writer.inputReader()) {
        String line;
        while (seen < wanted && (line = out.readLine()) != null) {
          if (line.matches("\\d+")) {
            reported = Long.parseLong(line);
            seen++;
          }
        }
      } finally {
        writer.destroyForcibly(); // SIGKILL: no shutdown hook, no close, wherever it is
        writer.waitFor();
      }
      assertThat(seen)
          .as("writes before the kill; the writer said: %s", Files.readString(err))
          .isEqualTo(wanted);

      try (ZoneStore store = SqliteZoneStore.open(file)) {
        ZoneState state = store.state(ORIGIN).orElseThrow();
        ZoneSnapshot zone = store.contents(ORIGIN).orElseThrow();
        assertThat(zone.serial()).isEqualTo(state.serial());
        assertThat(zone.serial())
            .as("a write reported durable was lost")
            .isGreaterThanOrEqualTo(reported);
        assertThat(text(zone)).isEqualTo(text(numbered(zone.serial(), HOSTS)));
        List<JournalStep> journal = store.journal(ORIGIN);
        for (int i = 1; i < journal.size(); i++) {
          assertThat(journal.get(i).from()).isEqualTo(journal.get(i - 1).to());
        }
        if (!journal.isEmpty()) {
          assertThat(journal.getLast().to()).isEqualTo(zone.serial());
        }
      }
    }
  }

  private Process start(Path file, Path err) throws java.io.IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // sqlite-jdbc extracts its native library to a temporary file that only a normal exit
    // removes: a killed writer's copy goes where JUnit cleans up.
    Path nativeDir = Files.createDirectories(dir.resolve("native"));
    return new ProcessBuilder(
            java,
            "--enable-native-access=ALL-UNNAMED",
            "-Dorg.sqlite.tmpdir=" + nativeDir,
            "-cp",
            System.getProperty("java.class.path"),
            KillNineWriter.class.getName(),
            file.toString())
        .redirectError(err.toFile())
        .start();
  }
}
