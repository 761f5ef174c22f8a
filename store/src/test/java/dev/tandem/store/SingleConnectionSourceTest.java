package dev.tandem.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/** The SQLite connection's source: the statements it keeps behave as freshly prepared ones. */
class SingleConnectionSourceTest {
  static final String SQL = "SELECT ?";

  @Test
  void aKeptStatementIsHandedOutAgainWithNoParameterLeftFromItsLastUse() throws Exception {
    try (SingleConnectionSource source =
        new SingleConnectionSource(DriverManager.getConnection("jdbc:sqlite::memory:"))) {
      Connection c = source.getConnection();
      PreparedStatement first = c.prepareStatement(SQL);
      first.setInt(1, 7);
      assertThat(value(first)).isEqualTo("7");
      first.close();

      PreparedStatement again = c.prepareStatement(SQL);
      assertThat(again).as("kept, not compiled again").isSameAs(first);
      assertThat(value(again)).as("an unbound parameter is NULL").isNull();
      again.close();
    }
  }

  @Test
  void theSameStatementPreparedWhileStillOpenIsAFreshOne() throws Exception {
    try (SingleConnectionSource source =
        new SingleConnectionSource(DriverManager.getConnection("jdbc:sqlite::memory:"))) {
      Connection c = source.getConnection();
      try (PreparedStatement outer = c.prepareStatement(SQL)) {
        outer.setInt(1, 1);
        try (ResultSet rs = outer.executeQuery()) {
          assertThat(rs.next()).isTrue();
          try (PreparedStatement inner = c.prepareStatement(SQL)) {
            assertThat(inner).isNotSameAs(outer);
            inner.setInt(1, 2);
            assertThat(value(inner)).isEqualTo("2");
          }
          assertThat(rs.getString(1)).as("the outer result is untouched").isEqualTo("1");
        }
      }
    }
  }

  private static String value(PreparedStatement s) throws Exception {
    try (ResultSet rs = s.executeQuery()) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }
}
