package dev.tandem.store;

import static dev.tandem.store.TestZones.ORIGIN;
import static dev.tandem.store.TestZones.name;
import static dev.tandem.store.TestZones.numbered;
import static dev.tandem.store.TestZones.state;
import static dev.tandem.store.TestZones.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A zone's settings (where a primary zone's contents came from, a CLI-created zone's ACLs) outlive
 * the process and go with the zone; compaction keeps as many journal entries as asked.
 */
class ZoneSettingsTest {
  @TempDir Path dir;

  @Test
  void settingsAreSavedReplacedRemovedAndGoWithTheZone() {
    try (ZoneStore store = SqliteZoneStore.open(dir.resolve("tandem.db"))) {
      store.replace(numbered(1), state(1));
      store.saveSetting(ORIGIN, "source", "sha256:aa");
      store.saveSetting(ORIGIN, "notify", "192.0.2.1:53@xfr.\n192.0.2.2:53");
      store.saveSetting(ORIGIN, "source", "sha256:bb");
    }
    try (ZoneStore store = SqliteZoneStore.open(dir.resolve("tandem.db"))) {
      assertThat(store.settings(ORIGIN))
          .isEqualTo(Map.of("source", "sha256:bb", "notify", "192.0.2.1:53@xfr.\n192.0.2.2:53"));
      store.saveSetting(ORIGIN, "notify", null);
      assertThat(store.settings(ORIGIN)).containsOnlyKeys("source");
      store.delete(ORIGIN);
      assertThat(store.settings(ORIGIN)).isEmpty();
      assertThatThrownBy(() -> store.saveSetting(ORIGIN, "source", "x"))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("not stored");
      assertThat(store.settings(name("never.example."))).isEmpty();
    }
  }

  @Test
  void compactionKeepsTheNewestEntriesAskedFor() {
    try (ZoneStore store = SqliteZoneStore.open(dir.resolve("tandem.db"))) {
      store.replace(numbered(1), state(1));
      for (int s = 1; s < 11; s++) {
        store.append(ORIGIN, s, s + 1, step(s, s + 1), state(s + 1));
      }
      store.compact(store.contents(ORIGIN).orElseThrow(), 3);

      assertThat(store.journal(ORIGIN))
          .extracting(ZoneStore.JournalEntry::toSerial)
          .containsExactly(9L, 10L, 11L);
      assertThat(store.contents(ORIGIN).orElseThrow().serial()).isEqualTo(11);
    }
  }
}
