package dev.tandem.store;

import static dev.tandem.store.TestZones.ORIGIN;
import static dev.tandem.store.TestZones.change;
import static dev.tandem.store.TestZones.numbered;
import static dev.tandem.store.TestZones.state;
import static dev.tandem.store.TestZones.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.dns.zone.JournalStep;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

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

  @Test
  void zonesReadTogetherForAStartEachSayWhatIsDamagedAndTheRestServes() throws SQLException {
    // A restart reads catalog members hundreds at a time: one damaged zone must not take the
    // others.
    Name damaged = TestZones.name("damaged.example.");
    Name journalDamaged = TestZones.name("journal.example.");
    Name sound = TestZones.name("sound.example.");
    Name never = TestZones.name("never.example.");
    try (ZoneStore store = SqliteZoneStore.open(file())) {
      store.replace(TestZones.numbered(damaged, 1, 10), TestZones.state(damaged, 1));
      store.replace(TestZones.numbered(journalDamaged, 1, 10), TestZones.state(journalDamaged, 1));
      store.append(
          journalDamaged,
          TestZones.change(journalDamaged, 1, 2),
          TestZones.state(journalDamaged, 2));
      store.compact(TestZones.numbered(journalDamaged, 2, 10));
      store.replace(TestZones.numbered(sound, 1, 10), TestZones.state(sound, 1));
      store.append(sound, TestZones.change(sound, 1, 2), TestZones.state(sound, 2));
    }
    flipAByte("zone_base", "zone = 'damaged.example.'");
    flipAByte("journal", "zone = 'journal.example.' AND seq = 1");
    try (ZoneStore store = SqliteZoneStore.open(file())) {
      Map<Name, ZoneStore.Starting> read =
          store.starting(List.of(damaged, journalDamaged, sound, never));

      ZoneStore.Starting d = java.util.Objects.requireNonNull(read.get(damaged));
      assertThat(d.contents()).isNull();
      assertThat(d.unreadable()).contains("damaged.example.").contains("CRC-32C");
      assertThat(d.state()).contains(TestZones.state(damaged, 1));

      ZoneStore.Starting j = java.util.Objects.requireNonNull(read.get(journalDamaged));
      assertThat(text(java.util.Objects.requireNonNull(j.contents())))
          .isEqualTo(text(TestZones.numbered(journalDamaged, 2, 10)));
      assertThat(j.journal()).as("unreadable").isNull();

      ZoneStore.Starting ok = java.util.Objects.requireNonNull(read.get(sound));
      assertThat(ok.unreadable()).isNull();
      ZoneSnapshot contents = java.util.Objects.requireNonNull(ok.contents());
      assertThat(text(contents)).isEqualTo(text(store.contents(sound).orElseThrow()));
      assertThat(contents.serial()).isEqualTo(2);
      assertThat(ok.journal()).extracting(JournalStep::to).containsExactly(2L);
      assertThat(ok.state()).isEqualTo(store.state(sound));

      ZoneStore.Starting n = java.util.Objects.requireNonNull(read.get(never));
      assertThat(n.state()).isEmpty();
      assertThat(n.contents()).isNull();
      assertThat(n.unreadable()).isNull();
      assertThat(n.journal()).isEmpty();
    }
  }
}
