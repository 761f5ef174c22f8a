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

  /**
   * One that ran a batch is not kept: the driver holds its batch array at the largest it grew to
   * (megabytes after a catalog's many new members). The next one is prepared anew and works.
   */
  @Test
  void aStatementThatRanABatchIsClosedAndPreparedAnewNextTime() throws Exception {
    try (SingleConnectionSource source =
        new SingleConnectionSource(DriverManager.getConnection("jdbc:sqlite::memory:"))) {
      Connection c = source.getConnection();
      try (var s = c.createStatement()) {
        s.execute("CREATE TABLE t (v INTEGER)");
      }
      String insert = "INSERT INTO t (v) VALUES (?)";
      PreparedStatement batch = c.prepareStatement(insert);
      for (int i = 0; i < 1000; i++) {
        batch.setInt(1, i);
        batch.addBatch();
      }
      assertThat(batch.executeBatch()).hasSize(1000);
      batch.close();
      assertThat(batch.isClosed()).as("closed for real").isTrue();

      PreparedStatement next = c.prepareStatement(insert);
      assertThat(next).isNotSameAs(batch);
      next.setInt(1, 1000);
      assertThat(next.executeUpdate()).isEqualTo(1);
      next.close();
      assertThat(c.prepareStatement(insert)).as("kept again").isSameAs(next);
      try (PreparedStatement count = c.prepareStatement("SELECT count(*) FROM t")) {
        assertThat(value(count)).isEqualTo("1001");
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
