package dev.tandem.store;

import static dev.tandem.store.TestZones.ORIGIN;
import static dev.tandem.store.TestZones.change;
import static dev.tandem.store.TestZones.numbered;
import static dev.tandem.store.TestZones.state;
import static dev.tandem.store.TestZones.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged store file is reported, naming the zone, rather than read as some other zone: every
 * blob carries a CRC-32C that is checked before it is decoded.
 */
class CorruptBlobTest {
  @TempDir Path dir;

  private Path file() {
    return dir.resolve("tandem.db");
  }

  /** Flips one bit in the middle of a blob, behind the store's back, leaving its CRC. */
  private void flipAByte(String table, String where) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file())) {
      byte[] blob;
      try (PreparedStatement s =
              c.prepareStatement("SELECT blob FROM " + table + " WHERE " + where);
          ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).isTrue();
        blob = rs.getBytes(1);
      }
      blob[blob.length / 2] ^= 0x10;
      try (PreparedStatement s =
          c.prepareStatement("UPDATE " + table + " SET blob = ? WHERE " + where)) {
        s.setBytes(1, blob);
        assertThat(s.executeUpdate()).isEqualTo(1);
      }
    }
  }

  @Test
  void aDamagedBaseFailsTheReadNamingTheZone() throws SQLException {
    try (ZoneStore store = SqliteZoneStore.open(file())) {
      store.replace(numbered(1, 100), state(1));
    }
    flipAByte("zone_base", "zone = 'example.com.'");
    try (ZoneStore store = SqliteZoneStore.open(file())) {
      assertThatThrownBy(() -> store.contents(ORIGIN))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("example.com.")
          .hasMessageContaining("CRC-32C");
      assertThat(store.state(ORIGIN)).contains(state(1)); // the state is still there
    }
  }

  @Test
  void aDamagedJournalEntryFailsTheReadNamingTheZone() throws SQLException {
    try (ZoneStore store = SqliteZoneStore.open(file())) {
      store.replace(numbered(1), state(1));
      store.append(ORIGIN, change(1, 2), state(2));
    }
    flipAByte("journal", "zone = 'example.com.' AND seq = 1");
    try (ZoneStore store = SqliteZoneStore.open(file())) {
      assertThatThrownBy(() -> store.contents(ORIGIN))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("example.com.")
          .hasMessageContaining("journal entry");
      assertThatThrownBy(() -> store.journal(ORIGIN))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("example.com.");
    }
  }

  @Test
  void entriesBeforeTheBaseAreNotReplayed() throws SQLException {
    try (ZoneStore store = SqliteZoneStore.open(file())) {
      store.replace(numbered(1), state(1));
      store.append(ORIGIN, change(1, 2), state(2));
      store.compact(numbered(2));
    }
    // Damage the entry the base already includes: reading the zone does not touch it.
    flipAByte("journal", "zone = 'example.com.' AND seq = 1");
    try (ZoneStore store = SqliteZoneStore.open(file())) {
      assertThat(text(store.contents(ORIGIN).orElseThrow())).isEqualTo(text(numbered(2)));
      assertThatThrownBy(() -> store.journal(ORIGIN)).isInstanceOf(StoreException.class);
    }
  }
}
