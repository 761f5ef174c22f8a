package dev.tandem.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ZoneStoreContract} on SQLite: a new file per test. */
class SqliteZoneStoreContractTest extends ZoneStoreContract {
  @TempDir Path dir;

  private @Nullable Path file;

  @Override
  ZoneStore newStore(Clock clock) {
    if (file != null) {
      throw new IllegalStateException("one database per test");
    }
    file = dir.resolve("tandem.db");
    return SqliteZoneStore.open(file, clock);
  }

  @Override
  ZoneStore reopen() {
    if (file == null) {
      throw new IllegalStateException("reopen before newStore");
    }
    return SqliteZoneStore.open(file);
  }

  @Test
  void describeNamesTheFile() {
    try (ZoneStore store = newStore()) {
      assertThat(store.describe()).isEqualTo("SQLite file " + dir.resolve("tandem.db"));
    }
  }
}
