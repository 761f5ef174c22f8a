package dev.tandem.api;

import dev.tandem.store.SqliteZoneStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test of the API on the embedded store: {@link #h}, fresh for each test. */
abstract class ApiOnSqlite {
  @TempDir Path dir;
  ApiHarness h;

  @BeforeEach
  void openApi() {
    h = new ApiHarness(SqliteZoneStore.open(dir.resolve("tandem.db")));
  }

  @AfterEach
  void closeApi() {
    h.close();
  }
}
