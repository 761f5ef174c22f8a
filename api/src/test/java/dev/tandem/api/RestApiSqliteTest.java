package dev.tandem.api;

import dev.tandem.store.SqliteZoneStore;
import dev.tandem.store.ZoneStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The REST API battery on the embedded store. */
class RestApiSqliteTest extends RestApiContract {
  @TempDir Path dir;

  @Override
  ZoneStore newStore() {
    return SqliteZoneStore.open(dir.resolve("tandem.db"));
  }
}
