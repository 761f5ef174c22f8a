package dev.tandem.api;

import dev.tandem.store.PostgresServer;
import dev.tandem.store.Stores;
import dev.tandem.store.ZoneStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The REST API battery on a real PostgreSQL server (a database of its own per test). */
class RestApiPostgresTest extends RestApiContract {
  @TempDir Path dir;

  @Override
  ZoneStore newStore() {
    return Stores.open(PostgresServer.shared().newDatabase(), dir.resolve("unused.db"));
  }
}
