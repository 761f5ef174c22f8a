package dev.tandem.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.store.PostgresZoneStore.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator names the store in words ({@link Stores}); a PostgreSQL URI becomes a JDBC URL, a
 * user and a password, and is shown without the password ({@link PostgresZoneStore.Target}).
 */
class StoresTest {
  @TempDir Path dir;

  @Test
  void theEmbeddedStoreIsTheDefaultFile() {
    Path file = dir.resolve("tandem.db");
    try (ZoneStore store = Stores.open(null, file)) {
      assertThat(store.describe()).isEqualTo("SQLite file " + file);
    }
    for (String spec : List.of("", "  ", "embedded", "sqlite", "SQLite")) {
      try (ZoneStore store = Stores.open(spec, file)) {
        assertThat(store).isInstanceOf(SqliteZoneStore.class);
        assertThat(store.describe()).isEqualTo("SQLite file " + file);
      }
    }
    assertThat(file).exists();
  }

  @Test
  void sqliteColonNamesAnotherFile() {
    Path other = dir.resolve("other.db");
    try (ZoneStore store = Stores.open("sqlite:" + other, dir.resolve("tandem.db"))) {
      assertThat(store.describe()).isEqualTo("SQLite file " + other);
    }
    assertThat(other).exists();
    assertThat(dir.resolve("tandem.db")).doesNotExist();
    assertThatThrownBy(() -> Stores.open("sqlite:", dir.resolve("tandem.db")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("sqlite:/path/to/file.db");
  }

  @Test
  void anythingElseIsRefusedNamingTheFormsButNoPassword() throws Exception {
    for (String spec :
        new String[] {
          "mysql://root:hunter2@db/tandem",
          "tandem.db",
          "redis://h?password=hunter2",
          "root:hunter2@db1"
        }) {
      assertThatThrownBy(() -> Stores.open(spec, dir.resolve("tandem.db")))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("embedded")
          .hasMessageContaining("sqlite:/path/to/file.db")
          .hasMessageContaining("postgresql://user:password@host:5432/database")
          .message()
          .doesNotContain("hunter2");
    }
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty(); // nothing was opened or created
    }
  }

  @Test
  void aPostgresqlUriBecomesAJdbcUrlAUserAndAPassword() {
    Target t =
        Target.parse("postgresql://tandem:p%40ss%3Aw%2Frd+@db1.example:5433/zones?sslmode=require");
    assertThat(t.jdbcUrl()).isEqualTo("jdbc:postgresql://db1.example:5433/zones?sslmode=require");
    assertThat(t.user()).isEqualTo("tandem");
    assertThat(t.password()).isEqualTo("p@ss:w/rd+");
    assertThat(t.shown()).isEqualTo("postgresql://tandem@db1.example:5433/zones");
  }

  @Test
  void everySpellingIsAccepted() {
    assertThat(Target.parse("postgres://u@db1/zones").shown())
        .isEqualTo("postgresql://u@db1:5432/zones");
    assertThat(Target.parse("POSTGRESQL://db1/zones").jdbcUrl())
        .isEqualTo("jdbc:postgresql://db1:5432/zones");
    Target jdbc =
        Target.parse("jdbc:postgresql://db1:5432/zones?user=u&password=s%26cret&ssl=true");
    assertThat(jdbc.jdbcUrl()).isEqualTo("jdbc:postgresql://db1:5432/zones?ssl=true");
    assertThat(jdbc.user()).isEqualTo("u");
    assertThat(jdbc.password()).isEqualTo("s&cret");
    assertThat(Target.parse("postgresql://[2001:db8::1]/zones").jdbcUrl())
        .isEqualTo("jdbc:postgresql://[2001:db8::1]:5432/zones");
    assertThat(Target.parse("postgresql://[2001:db8::1]:6432/zones").jdbcUrl())
        .isEqualTo("jdbc:postgresql://[2001:db8::1]:6432/zones");
    assertThat(Target.parse("postgresql://u:pw@db1:5432,db2:5432/zones").shown())
        .isEqualTo("postgresql://u@db1:5432,db2:5432/zones");
    assertThat(
            Target.parse("postgresql://db1/zones?connect_timeout=5&application_name=t2").jdbcUrl())
        .isEqualTo("jdbc:postgresql://db1:5432/zones?connectTimeout=5&ApplicationName=t2");
    Target bare = Target.parse("postgresql://db1/zones");
    assertThat(bare.user()).isNull();
    assertThat(bare.password()).isNull();
  }

  @Test
  void aMalformedUriIsRefusedWithoutItsPassword() {
    for (String url :
        new String[] {
          "postgresql://u:hunter2@db1", // no database
          "postgresql://u:hunter2@db1/",
          "postgresql://u:hunter2@/zones", // no host
          "postgresql://u:hunt%zzer2@db1/zones", // bad escape
          "postgresql:u:hunter2@db1/zones",
          "jdbc:postgresql:zones?password=hunter2",
        }) {
      assertThatThrownBy(() -> Target.parse(url))
          .as(url)
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("postgresql://user:password@host:5432/database")
          .message()
          .doesNotContain("hunter2")
          .doesNotContain("hunt%zz");
    }
  }

  @Test
  void redactMasksPasswordsOnly() {
    assertThat(PostgresZoneStore.redact("postgresql://u:p@ss@db1/zones?sslpassword=x&a=b"))
        .isEqualTo("postgresql://u:***@db1/zones?sslpassword=***&a=b");
    assertThat(PostgresZoneStore.redact("postgresql://u@db1/zones?Password=x"))
        .isEqualTo("postgresql://u@db1/zones?Password=***");
    assertThat(PostgresZoneStore.redact("postgresql:u:p@db1/zones"))
        .isEqualTo("postgresql:***@db1/zones"); // no //: all before the @ goes
    assertThat(PostgresZoneStore.redact("sqlite:/var/lib/tandem.db"))
        .isEqualTo("sqlite:/var/lib/tandem.db");
  }
}
