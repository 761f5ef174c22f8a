package dev.tandem.store;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DataSource} that hands out one connection, over and over: SQLite's, which a {@link
 * JdbcZoneStore} running one transaction at a time uses alone. Closing what {@link
 * #getConnection()} returns gives it back (does nothing); {@link #close()} closes the connection.
 *
 * <p>It keeps the statements it prepared, by their SQL: SQLite compiles each statement from its
 * text, and a store writing a catalog's 10,000 new zones spent a fifth of its time there (a profile
 * of bench/catalog). Closing a kept statement clears its parameters for the next caller; one
 * prepared again while still open (a query run inside its own result loop) is a fresh one.
 */
final class SingleConnectionSource implements DataSource, AutoCloseable {
  private final Connection connection;
  private final Connection handle;
  private final Map<String, Kept> kept = new HashMap<>(); // used by one thread at a time

  SingleConnectionSource(Connection connection) {
    this.connection = connection;
    this.handle =
        wrap(
            Connection.class,
            connection,
            (method, args) -> {
              if (isClose(method)) {
                return null; // given back, not closed
              }
              if (method.getName().equals("prepareStatement") && method.getParameterCount() == 1) {
                return prepare((String) args[0]);
              }
              return FORWARD;
            });
  }

  private PreparedStatement prepare(String sql) throws SQLException {
    Kept k = kept.get(sql);
    if (k == null || k.statement.isClosed()) { // closed after a batch (Kept)
      k = new Kept(connection.prepareStatement(sql));
      kept.put(sql, k);
    } else if (k.inUse) {
      return connection.prepareStatement(sql); // still open in the caller
    }
    k.inUse = true;
    return k.handle;
  }

  /** What a {@link Hook} returns to let the wrapped object answer the call. */
  private static final Object FORWARD = new Object();

  /** The calls a wrapper answers itself; {@link #FORWARD} for the others. */
  @FunctionalInterface
  private interface Hook {
    @Nullable Object call(Method method, @Nullable Object[] args) throws Throwable;
  }

  /** {@code target} seen through {@code hook}. */
  private static <T> T wrap(Class<T> type, T target, Hook hook) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              Object mine = hook.call(method, args);
              if (mine != FORWARD) {
                return mine;
              }
              try {
                return method.invoke(target, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            }));
  }

  private static boolean isClose(Method method) {
    return method.getName().equals("close") && method.getParameterCount() == 0;
  }

  /**
   * A kept statement; its handle's close() hands it back instead of closing it, unless it ran a
   * batch: the driver keeps a statement's batch array at the largest it grew to (nine slots a zone
   * for a catalog's new members: 7 MB kept after 100,000 of them), so that one is closed and
   * prepared again when next asked for.
   */
  private static final class Kept {
    final PreparedStatement statement;
    final PreparedStatement handle;
    boolean inUse;
    boolean batched;

    Kept(PreparedStatement statement) {
      this.statement = statement;
      this.handle =
          wrap(
              PreparedStatement.class,
              statement,
              (method, args) -> {
                if (method.getName().equals("addBatch")) {
                  batched = true;
                }
                if (!isClose(method)) {
                  return FORWARD;
                }
                if (inUse) {
                  inUse = false;
                  if (batched) {
                    statement.close();
                  } else {
                    statement.clearParameters();
                  }
                }
                return null;
              });
    }
  }

  @Override
  public Connection getConnection() {
    return handle;
  }

  @Override
  public Connection getConnection(String username, String password) {
    return handle;
  }

  @Override
  public void close() throws SQLException {
    for (Kept k : kept.values()) {
      k.statement.close();
    }
    connection.close();
  }

  @Override
  public @Nullable PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(@Nullable PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("no logger");
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("not a wrapper for " + type.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }
}
