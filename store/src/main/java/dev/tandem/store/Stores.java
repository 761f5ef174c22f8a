package dev.tandem.store;

import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Opens the store an operator named: the embedded SQLite file by default, another SQLite file, or a
 * PostgreSQL database shared by several nodes. Owns the words for them, nothing else.
 */
public final class Stores {
  private Stores() {}

  /** What {@link #open} accepts, for messages and help texts. */
  public static final String FORMS =
      "embedded (the SQLite file in the data directory), sqlite:/path/to/file.db, or"
          + " postgresql://user:password@host:5432/database";

  /**
   * Opens the store {@code spec} names.
   *
   * @param spec null, empty, {@code embedded} or {@code sqlite} for SQLite in {@code defaultFile};
   *     {@code sqlite:/path/file.db} for SQLite in that file; {@code postgresql://...}, {@code
   *     postgres://...} or {@code jdbc:postgresql:...} for {@link PostgresZoneStore}
   * @param defaultFile the embedded store's file, usually {@code tandem.db} in the data directory
   * @throws StoreException if {@code spec} is none of these (the message lists them, never a
   *     password), or the store cannot be opened
   */
  public static ZoneStore open(@Nullable String spec, Path defaultFile) {
    String s = spec == null ? "" : spec.trim();
    String lower = s.toLowerCase(Locale.ROOT);
    if (s.isEmpty() || lower.equals("embedded") || lower.equals("sqlite")) {
      return SqliteZoneStore.open(defaultFile);
    }
    if (lower.startsWith("sqlite:")) {
      String file = s.substring("sqlite:".length());
      if (file.isEmpty()) {
        throw new StoreException("the store sqlite: names no file; write sqlite:/path/to/file.db");
      }
      return SqliteZoneStore.open(Path.of(file));
    }
    if (lower.startsWith("postgresql://")
        || lower.startsWith("postgres://")
        || lower.startsWith("jdbc:postgresql:")) {
      return PostgresZoneStore.open(s);
    }
    throw new StoreException(
        "unknown store \"" + PostgresZoneStore.redact(s) + "\": write " + FORMS);
  }
}
