package dev.forja.persistence.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One Forja database: SQLite file or PostgreSQL, schema migrated on open. Every store of a process
 * that uses the same database shares one instance (see {@link Databases}), so on SQLite all writes
 * of the journal, the snapshot store, the inventory and the command read model go through one
 * writer, and "database is locked" cannot happen (lesson L7).
 */
public interface Database extends AutoCloseable {

  /** Work on a connection. Runs inside a transaction for writes; must not commit or roll back. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Which SQL dialect this database speaks. */
  Dialect dialect();

  /**
   * Runs {@code work} in a write transaction. On SQLite, every write runs on the one writer thread;
   * writes that are pending together commit in one transaction (group commit), each inside its own
   * savepoint, so a failing work fails only its own future. On PostgreSQL, on a pooled connection.
   * The future completes after the commit.
   */
  <T> CompletableFuture<T> write(SqlWork<T> work);

  /** {@link #write} and wait; an SQL failure is rethrown as {@link DatabaseException}. */
  default <T> T writeAndWait(SqlWork<T> work) {
    try {
      return write(work).join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof DatabaseException d) {
        throw d;
      }
      throw new DatabaseException("write failed: " + cause.getMessage(), cause);
    }
  }

  /**
   * Runs {@code work} on a read connection (auto-commit, SQLite WAL readers see the last commit) on
   * the calling thread. An SQL failure is rethrown as {@link DatabaseException}.
   */
  <T> T read(SqlWork<T> work);

  /** A human description, such as {@code sqlite:/home/u/.forja/data/forja.db}; never a password. */
  String describe();

  /** Stops the writer after the pending writes, closes every connection. Idempotent. */
  @Override
  void close();
}
