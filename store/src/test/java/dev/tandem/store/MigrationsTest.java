package dev.tandem.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL migrations ({@code db/postgresql}) are SQLite's ({@code db/migration}) with BYTEA
 * for BLOB and nothing else, so that the two schemas cannot drift apart: a new migration goes into
 * both. (They live apart because Flyway searches a location's subdirectories too.) The exceptions
 * say so in their names ({@code V5__postgresql_changes.sql}): what only a shared store needs, at a
 * version SQLite skips.
 */
class MigrationsTest {

  @Test
  void bothDatabasesHaveTheSameMigrations() throws Exception {
    Map<String, String> sqlite = migrations("db/migration");
    Map<String, String> postgresql = migrations("db/postgresql");
    Map<String, String> postgresqlOnly = new TreeMap<>(postgresql);
    postgresqlOnly.keySet().retainAll(postgresqlOwn(postgresql.keySet()));
    postgresql.keySet().removeAll(postgresqlOnly.keySet());
    assertThat(sqlite).isNotEmpty();
    assertThat(postgresqlOnly).isNotEmpty();
    assertThat(postgresql.keySet()).isEqualTo(sqlite.keySet());
    for (String own : postgresqlOnly.keySet()) {
      assertThat(sqlite.keySet()).noneMatch(f -> version(f) == version(own));
    }
    for (Map.Entry<String, String> m : sqlite.entrySet()) {
      assertThat(postgresql.get(m.getKey()))
          .as("db/postgresql/%s is db/migration/%s with BYTEA for BLOB", m.getKey(), m.getKey())
          .isEqualTo(forPostgresql(m.getValue()));
    }
  }

  /** The migrations of a shared store only, by their names. */
  private static List<String> postgresqlOwn(java.util.Set<String> files) {
    return files.stream().filter(f -> f.matches("V\\d+__postgresql_.*\\.sql")).toList();
  }

  private static int version(String file) {
    return Integer.parseInt(file.substring(1, file.indexOf("__")));
  }

  @Test
  void theSchemaVersionAStoreIsCheckedAgainstIsTheLastMigrations() throws Exception {
    // A store at SqliteZoneStore.SCHEMA_VERSION is opened without Flyway: a migration added
    // without raising it would never run on an existing store.
    int last =
        migrations("db/migration").keySet().stream()
            .mapToInt(MigrationsTest::version)
            .max()
            .orElseThrow();
    assertThat(SqliteZoneStore.SCHEMA_VERSION).isEqualTo(last);
  }

  @Test
  void thePostgresqlMigrationsUseNoBlob() throws Exception {
    for (String sql : migrations("db/postgresql").values()) {
      assertThat(code(sql)).doesNotContainPattern("\\bBLOB\\b"); // the type; columns are "blob"
    }
  }

  /** BLOB becomes BYTEA in the SQL; comments stay as they are. */
  private static String forPostgresql(String sqlite) {
    return sqlite
        .lines()
        .map(l -> l.stripLeading().startsWith("--") ? l : l.replaceAll("\\bBLOB\\b", "BYTEA"))
        .collect(Collectors.joining("\n", "", sqlite.endsWith("\n") ? "\n" : ""));
  }

  private static String code(String sql) {
    return sql.lines()
        .filter(l -> !l.stripLeading().startsWith("--"))
        .collect(Collectors.joining("\n"));
  }

  /** The migrations directly in a classpath directory, by file name. */
  private static Map<String, String> migrations(String location)
      throws IOException, URISyntaxException {
    URL url = MigrationsTest.class.getClassLoader().getResource(location);
    assertThat(url).as(location).isNotNull();
    Map<String, String> out = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(Path.of(url.toURI()))) {
      files = s.filter(p -> p.getFileName().toString().matches("V\\d+__.*\\.sql")).toList();
    }
    for (Path f : files) {
      out.put(f.getFileName().toString(), Files.readString(f));
    }
    return out;
  }
}
