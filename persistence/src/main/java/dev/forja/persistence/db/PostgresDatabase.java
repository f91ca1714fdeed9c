package dev.forja.persistence.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL database behind a HikariCP pool. Each write runs in its own transaction on a pooled
 * connection, on a small executor so that callers never block on JDBC; PostgreSQL handles
 * concurrent writers itself.
 */
final class PostgresDatabase implements Database {
  private final String description;
  private final HikariDataSource pool;
  private final ExecutorService writers;
  private volatile boolean closed;

  /** Connects to {@code settings.url()} and migrates its schema. */
  PostgresDatabase(StoreSettings settings) {
    this.description = describe(settings.url());
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(settings.url());
    config.setUsername(settings.user());
    if (!settings.password().isEmpty()) {
      config.setPassword(settings.password());
    }
    config.setMaximumPoolSize(settings.poolSize());
    config.setPoolName("forja-postgresql");
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new DatabaseException("cannot connect to " + description + ": " + e.getMessage(), e);
    }
    try {
      Migrations.apply(pool, Dialect.POSTGRESQL, description);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    writers =
        Executors.newFixedThreadPool(
            settings.poolSize(), new DaemonThreads("forja-postgresql-writer"));
  }

  @Override
  public Dialect dialect() {
    return Dialect.POSTGRESQL;
  }

  @Override
  public <T> CompletableFuture<T> write(SqlWork<T> work) {
    Objects.requireNonNull(work, "work");
    if (closed) {
      return CompletableFuture.failedFuture(closedError("write"));
    }
    CompletableFuture<T> future = new CompletableFuture<>();
    try {
      writers.execute(() -> runWrite(work, future));
    } catch (RejectedExecutionException e) {
      future.completeExceptionally(closedError("write"));
    }
    return future;
  }

  @Override
  public <T> T read(SqlWork<T> work) {
    if (closed) {
      throw closedError("read");
    }
    try (Connection connection = pool.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw new DatabaseException("read from " + description + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    writers.shutdown();
    boolean interrupted = false;
    try {
      // The writes accepted before close still run.
      if (!writers.awaitTermination(30, TimeUnit.SECONDS)) {
        writers.shutdownNow();
      }
    } catch (InterruptedException e) {
      interrupted = true;
    }
    pool.close();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return description;
  }

  private <T> void runWrite(SqlWork<T> work, CompletableFuture<T> future) {
    T result;
    try (Connection connection = pool.getConnection()) {
      connection.setAutoCommit(false);
      try {
        result = work.run(connection);
        connection.commit();
      } catch (SQLException | RuntimeException | Error e) {
        try {
          connection.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      }
    } catch (SQLException e) {
      future.completeExceptionally(
          new DatabaseException("write to " + description + " failed: " + e.getMessage(), e));
      return;
    } catch (RuntimeException | Error e) {
      future.completeExceptionally(e);
      return;
    }
    future.complete(result);
  }

  private DatabaseException closedError(String operation) {
    return new DatabaseException(description + " is closed; " + operation + " refused", null);
  }

  /** The URL without {@code jdbc:}, user information or parameters (which may hold a password). */
  static String describe(String url) {
    String s = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
    int query = s.indexOf('?');
    if (query >= 0) {
      s = s.substring(0, query);
    }
    int scheme = s.indexOf("//");
    int at = s.indexOf('@');
    if (scheme >= 0 && at > scheme) {
      s = s.substring(0, scheme + 2) + s.substring(at + 1);
    }
    return s;
  }
}
