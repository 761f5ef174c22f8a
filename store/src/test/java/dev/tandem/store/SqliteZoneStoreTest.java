package dev.tandem.store;

import static dev.tandem.store.TestZones.ORIGIN;
import static dev.tandem.store.TestZones.numbered;
import static dev.tandem.store.TestZones.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is particular to the SQLite file: where it may be opened, and what else may not be opened as
 * one. What every store does is {@link ZoneStoreContract} ({@link SqliteZoneStoreContractTest});
 * crashes are {@link KillNineTest}, damage {@link CorruptBlobTest}.
 */
class SqliteZoneStoreTest {
  @TempDir Path dir;

  @Test
  void openingWhereThereIsNoDirectoryNamesThePath() {
    Path missing = dir.resolve("no/such/dir/tandem.db");
    assertThatThrownBy(() -> SqliteZoneStore.open(missing))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void openingADirectoryNamesThePath() {
    assertThatThrownBy(() -> SqliteZoneStore.open(dir))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("directory");
  }

  @Test
  void openingAFileThatIsNotAStoreNamesThePath() throws Exception {
    Path junk = dir.resolve("junk.db");
    Files.writeString(junk, "this is a zone file, not a database\n".repeat(200));
    assertThatThrownBy(() -> SqliteZoneStore.open(junk))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(junk.toString());
  }

  @Test
  void theFileIsInWalModeAndReopens() throws Exception {
    Path file = dir.resolve("tandem.db");
    try (ZoneStore store = SqliteZoneStore.open(file)) {
      store.replace(numbered(1), state(1));
      assertThat(dir.resolve("tandem.db-wal")).exists();
    }
    try (ZoneStore store = SqliteZoneStore.open(file)) {
      assertThat(store.state(ORIGIN)).contains(state(1));
    }
  }
}
