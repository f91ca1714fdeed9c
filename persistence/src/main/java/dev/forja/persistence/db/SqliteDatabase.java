package dev.forja.persistence.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * A SQLite file with one writer thread that owns the only write connection (lesson L7). Writes
 * queue up; the writer takes everything pending (up to {@link #MAX_BATCH} works) into one
 * transaction, each work inside its own savepoint, and commits once: group commit. Reads run on
 * read-only connections, which WAL lets run while the writer writes.
 */
final class SqliteDatabase implements Database {
  /** The most works one transaction takes, so one commit never waits on an unbounded batch. */
  static final int MAX_BATCH = 1000;

  /** Read connections kept open between reads; more readers open and close their own. */
  private static final int MAX_IDLE_READERS = 4;

  private static final int BUSY_TIMEOUT_MILLIS = 5000;

  /** Queued by {@link #close} after the last write; the writer stops when it takes it. */
  private static final Pending<Void> STOP = new Pending<>(connection -> null);

  private final String url;
  private final String description;
  private final Connection writer;
  // Prepared once: the writer runs them around every work.
  private final PreparedStatement savepoint;
  private final PreparedStatement release;
  private final PreparedStatement rollbackToSavepoint;
  private final Thread writerThread;
  private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
  private final ConcurrentLinkedDeque<Connection> idleReaders = new ConcurrentLinkedDeque<>();

  /**
   * Completes the futures of a committed batch, so that callbacks chained on them never run on (and
   * never hold up, nor deadlock) the writer thread.
   */
  private final ExecutorService completer;

  private final Object lifecycle = new Object();
  private volatile boolean closed; // set under lifecycle, read without it

  /** Opens {@code file} (creating it and its folder if missing) and migrates its schema. */
  SqliteDatabase(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    this.url = "jdbc:sqlite:" + absolute;
    this.description = "sqlite:" + absolute;
    Path parent = absolute.getParent();
    try {
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new DatabaseException("cannot create the folder of " + description, e);
    }
    // Flyway runs on its own connections, closed before the writer opens, so the writer is the
    // only connection that ever writes once the database is open.
    Migrations.apply(dataSource(writeConfig()), Dialect.SQLITE, description);
    Connection connection = null;
    try {
      connection = dataSource(writeConfig()).getConnection();
      connection.setAutoCommit(false);
      savepoint = connection.prepareStatement("SAVEPOINT work");
      release = connection.prepareStatement("RELEASE work");
      rollbackToSavepoint = connection.prepareStatement("ROLLBACK TO work");
    } catch (SQLException e) {
      if (connection != null) {
        closeQuietly(connection);
      }
      throw new DatabaseException("cannot open " + description + ": " + e.getMessage(), e);
    }
    writer = connection;
    completer =
        new ThreadPoolExecutor(
            1,
            Integer.MAX_VALUE,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            new DaemonThreads("forja-sqlite-completion"));
    writerThread = new Thread(this::runWriter, "forja-sqlite-writer");
    writerThread.setDaemon(true);
    writerThread.start();
  }

  @Override
  public Dialect dialect() {
    return Dialect.SQLITE;
  }

  @Override
  public <T> CompletableFuture<T> write(SqlWork<T> work) {
    Objects.requireNonNull(work, "work");
    Pending<T> pending = new Pending<>(work);
    synchronized (lifecycle) {
      if (closed) {
        return CompletableFuture.failedFuture(closedError("write"));
      }
      queue.add(pending);
    }
    return pending.future;
  }

  @Override
  public <T> T writeAndWait(SqlWork<T> work) {
    if (Thread.currentThread() == writerThread) {
      // The writer would wait for itself.
      throw new IllegalStateException(
          "writeAndWait called from inside a write work on " + description + "; it would deadlock");
    }
    return Database.super.writeAndWait(work);
  }

  @Override
  public <T> T read(SqlWork<T> work) {
    if (closed) {
      throw closedError("read");
    }
    Connection connection = idleReaders.pollFirst();
    boolean reusable = false;
    try {
      if (connection == null) {
        connection = dataSource(readConfig()).getConnection();
      }
      T result = work.run(connection);
      reusable = connection.getAutoCommit();
      return result;
    } catch (SQLException e) {
      throw new DatabaseException("read from " + description + " failed: " + e.getMessage(), e);
    } finally {
      if (connection != null) {
        release(connection, reusable);
      }
    }
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(STOP);
    }
    boolean interrupted = false;
    while (writerThread.isAlive()) {
      try {
        writerThread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    closeQuietly(writer);
    closeIdleReaders();
    completer.shutdown();
    try {
      // Callers of close expect the futures of the writes it drained to be complete.
      if (!completer.awaitTermination(30, TimeUnit.SECONDS)) {
        completer.shutdownNow();
      }
    } catch (InterruptedException e) {
      interrupted = true;
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return description;
  }

  private void runWriter() {
    List<Pending<?>> batch = new ArrayList<>();
    boolean stopping = false;
    while (!stopping) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        continue; // nobody interrupts the writer; close() stops it with STOP
      }
      queue.drainTo(batch, MAX_BATCH - 1);
      // close() queues STOP after every write it accepted, so STOP is the last of its batch.
      stopping = batch.remove(STOP);
      if (!batch.isEmpty()) {
        List<Pending<?>> committed = List.copyOf(batch);
        batch.clear();
        runBatch(committed);
      }
    }
  }

  private void runBatch(List<Pending<?>> batch) {
    try {
      for (Pending<?> pending : batch) {
        savepoint.execute();
        if (pending.run(writer, description)) {
          release.execute();
        } else {
          rollbackToSavepoint.execute();
          release.execute();
        }
      }
      writer.commit();
    } catch (SQLException | RuntimeException | Error e) {
      // The transaction is gone (a failed savepoint rollback or commit): no work of it is
      // stored, so every future of the batch fails.
      try {
        writer.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      DatabaseException failure =
          new DatabaseException(
              "commit of "
                  + batch.size()
                  + " writes to "
                  + description
                  + " failed: "
                  + e.getMessage(),
              e);
      batch.forEach(pending -> pending.fail(failure));
    }
    completer.execute(() -> batch.forEach(Pending::complete));
  }

  private void release(Connection connection, boolean reusable) {
    if (!reusable || closed || idleReaders.size() >= MAX_IDLE_READERS) {
      closeQuietly(connection);
      return;
    }
    idleReaders.offerFirst(connection);
    if (closed) {
      closeIdleReaders(); // close() may have emptied the pool before this connection came back
    }
  }

  private void closeIdleReaders() {
    for (Connection c = idleReaders.pollFirst(); c != null; c = idleReaders.pollFirst()) {
      closeQuietly(c);
    }
  }

  private DatabaseException closedError(String operation) {
    return new DatabaseException(description + " is closed; " + operation + " refused", null);
  }

  private SQLiteDataSource dataSource(SQLiteConfig config) {
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl(url);
    return dataSource;
  }

  private static SQLiteConfig writeConfig() {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // In WAL mode NORMAL syncs at checkpoints, not at each commit: a commit survives a process
    // crash (the case Forja must survive), and only a power loss may take the last commits.
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    config.enforceForeignKeys(true);
    return config;
  }

  private static SQLiteConfig readConfig() {
    SQLiteConfig config = new SQLiteConfig();
    // No journal_mode here: the file is in WAL mode already, and a read-only connection cannot
    // change it.
    config.setReadOnly(true);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    config.enforceForeignKeys(true);
    return config;
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // Nothing is left to do with a connection that fails to close.
    }
  }

  /** One queued work: its result or failure is held until its transaction commits. */
  private static final class Pending<T> {
    final SqlWork<T> work;
    final CompletableFuture<T> future = new CompletableFuture<>();
    private T result;
    private Throwable failure;

    Pending(SqlWork<T> work) {
      this.work = work;
    }

    /** Runs the work; false if it failed (its savepoint must be rolled back). */
    boolean run(Connection connection, String description) {
      try {
        result = work.run(connection);
        return true;
      } catch (SQLException e) {
        failure =
            new DatabaseException("write to " + description + " failed: " + e.getMessage(), e);
      } catch (Exception e) {
        failure = e;
      }
      return false;
    }

    void fail(Throwable error) {
      failure = error;
    }

    void complete() {
      if (failure != null) {
        future.completeExceptionally(failure);
      } else {
        future.complete(result);
      }
    }
  }
}
