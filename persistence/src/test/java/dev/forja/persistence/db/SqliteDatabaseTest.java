package dev.forja.persistence.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.forja.persistence.testing.SqliteFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteCommitListener;
import org.sqlite.SQLiteConnection;

class SqliteDatabaseTest {

  private static final long TIMEOUT_SECONDS = 20;

  @TempDir Path dir;

  private Database db;

  @BeforeEach
  void open() {
    db = Databases.acquire(SqliteFixture.settings(dir));
    db.writeAndWait(
        c -> {
          try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
            s.execute(
                "CREATE TABLE tag (item_id INTEGER NOT NULL"
                    + " REFERENCES item (id) DEFERRABLE INITIALLY DEFERRED)");
            s.execute("CREATE TABLE note (item_id INTEGER NOT NULL REFERENCES item (id))");
          }
          return null;
        });
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void writesPendingTogetherCommitInOneTransaction() throws Exception {
    AtomicInteger commits = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> blocker =
        blockWriter(
            db,
            release,
            c -> {
              c.unwrap(SQLiteConnection.class).addCommitListener(counting(commits));
              return insert(0, "blocker").run(c);
            });
    List<CompletableFuture<Integer>> writes = new ArrayList<>();
    for (int i = 1; i <= 200; i++) {
      writes.add(db.write(insert(i, "item-" + i)));
    }
    release.countDown();

    blocker.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

    // The blocker's transaction, then one for the 200 writes that queued behind it.
    assertThat(commits).hasValue(2);
    assertThat(count("item")).isEqualTo(201);
  }

  @Test
  void aFailingWorkFailsOnlyItsOwnFuture() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> blocker = blockWriter(db, release, c -> null);
    CompletableFuture<Integer> first = db.write(insert(1, "first"));
    CompletableFuture<Integer> failing =
        db.write(
            c -> {
              insert(2, "rolled back").run(c);
              return insert(1, "duplicate key").run(c);
            });
    CompletableFuture<Integer> last = db.write(insert(3, "last"));
    release.countDown();

    blocker.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertThat(first.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(last.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);
    assertThatThrownBy(() -> failing.get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(DatabaseException.class)
        .hasMessageContaining("UNIQUE");
    assertThat(names()).containsExactly("first", "last");
  }

  @Test
  void aFailedCommitFailsEveryWriteOfItsTransaction() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> blocker = blockWriter(db, release, c -> null);
    CompletableFuture<Integer> good = db.write(insert(1, "good"));
    // A deferred foreign key is checked at commit, so this work succeeds and the commit fails.
    CompletableFuture<Integer> orphan =
        db.write(
            c -> {
              try (Statement s = c.createStatement()) {
                return s.executeUpdate("INSERT INTO tag (item_id) VALUES (42)");
              }
            });
    release.countDown();
    blocker.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

    for (CompletableFuture<Integer> write : List.of(good, orphan)) {
      assertThatThrownBy(() -> write.get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
          .cause()
          .isInstanceOf(DatabaseException.class)
          .hasMessageContaining("commit of 2 writes")
          .hasMessageContaining("FOREIGN KEY");
    }
    assertThat(count("item")).isZero();
    // The writer carries on after a failed commit.
    assertThat(db.writeAndWait(insert(5, "after"))).isEqualTo(1);
    assertThat(names()).containsExactly("after");
  }

  @Test
  void concurrentWritersAndReadersNeverSeeALockedDatabase() throws Exception {
    int threads = 16;
    int writesPerThread = 250;
    ExecutorService pool = Executors.newFixedThreadPool(threads + 4);
    try {
      List<Future<?>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int base = t * writesPerThread;
        tasks.add(
            pool.submit(
                () -> {
                  List<CompletableFuture<Integer>> writes = new ArrayList<>();
                  for (int i = 1; i <= writesPerThread; i++) {
                    writes.add(db.write(insert(base + i, "w")));
                    if (i % 50 == 0) {
                      db.writeAndWait(insert(-(base + i), "synchronous"));
                    }
                  }
                  writes.forEach(CompletableFuture::join);
                }));
      }
      for (int r = 0; r < 4; r++) {
        tasks.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 200; i++) {
                    count("item");
                  }
                }));
      }
      for (Future<?> task : tasks) {
        task.get(60, TimeUnit.SECONDS); // rethrows any failure, "database is locked" included
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(count("item")).isEqualTo(threads * writesPerThread + threads * 5);
  }

  @Test
  void readsSeeTheLastCommitWhileAWriteIsInProgress() throws Exception {
    db.writeAndWait(insert(1, "committed"));
    CountDownLatch inserted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> pending =
        db.write(
            c -> {
              insert(2, "uncommitted").run(c);
              inserted.countDown();
              return await(release);
            });
    assertThat(inserted.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();

    List<String> during = names();
    release.countDown();
    pending.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

    assertThat(during).containsExactly("committed");
    assertThat(names()).containsExactly("committed", "uncommitted");
  }

  @Test
  void readConnectionsCannotWrite() {
    assertThatThrownBy(() -> db.read(insert(1, "sneaky")))
        .isInstanceOf(DatabaseException.class)
        .hasMessageContaining("read");
  }

  @Test
  void closeCommitsThePendingWritesFirst() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Database second = Databases.acquire(SqliteFixture.settings(dir));
    CompletableFuture<Void> blocker = blockWriter(second, release, c -> null);
    List<CompletableFuture<Integer>> writes = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      writes.add(second.write(insert(i, "pending")));
    }
    db.close(); // the test's handle; second keeps the database open until it closes

    CompletableFuture<Void> closing = CompletableFuture.runAsync(second::close);
    release.countDown();
    closing.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

    assertThat(blocker).isCompleted();
    assertThat(writes).allSatisfy(w -> assertThat(w).isCompletedWithValue(1));
    db = Databases.acquire(SqliteFixture.settings(dir));
    assertThat(count("item")).isEqualTo(10);
  }

  @Test
  void writesAfterCloseFailFast() {
    db.close();

    assertThat(db.write(insert(1, "late")))
        .failsWithin(1, TimeUnit.SECONDS)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(DatabaseException.class)
        .withMessageContaining("closed");
    assertThatThrownBy(() -> db.writeAndWait(insert(1, "late")))
        .isInstanceOf(DatabaseException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> db.read(c -> 1))
        .isInstanceOf(DatabaseException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void aReopenedDatabaseHasTheDataOfTheClosedOne() {
    db.writeAndWait(insert(1, "kept"));
    db.close();

    db = Databases.acquire(SqliteFixture.settings(dir));

    assertThat(names()).containsExactly("kept");
  }

  @Test
  void writeAndWaitInsideAWriteFailsInsteadOfDeadlocking() {
    CompletableFuture<Integer> outer = db.write(c -> db.writeAndWait(insert(1, "nested")));

    assertThat(outer)
        .failsWithin(TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .withMessageContaining("deadlock");
  }

  @Test
  void theFileAndItsFoldersAreCreatedOnFirstOpen() {
    Path file = dir.resolve("a/b/state.db");
    StoreSettings settings = SqliteFixture.settings(dir);
    StoreSettings nested =
        new StoreSettings(
            settings.kind(),
            settings.home(),
            file,
            settings.url(),
            settings.user(),
            settings.password(),
            1);

    try (Database other = Databases.acquire(nested)) {
      assertThat(other.describe()).isEqualTo("sqlite:" + file);
      assertThat(other.dialect()).isEqualTo(Dialect.SQLITE);
    }

    assertThat(Files.isRegularFile(file)).isTrue();
  }

  @Test
  void theDatabaseIsInWalModeWithForeignKeysOn() {
    String mode =
        db.writeAndWait(
            c -> {
              try (Statement s = c.createStatement();
                  ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                return rs.getString(1);
              }
            });
    assertThatThrownBy(
            () ->
                db.writeAndWait(
                    c -> {
                      try (Statement s = c.createStatement()) {
                        return s.executeUpdate("INSERT INTO note (item_id) VALUES (7)");
                      }
                    }))
        .isInstanceOf(DatabaseException.class)
        .hasMessageContaining("FOREIGN KEY");

    assertThat(mode).isEqualToIgnoringCase("wal");
  }

  /**
   * Holds the writer inside a work (after {@code first}) until {@code release}, so that the writes
   * queued meanwhile commit together in the next transaction.
   */
  private static CompletableFuture<Void> blockWriter(
      Database database, CountDownLatch release, Database.SqlWork<?> first)
      throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<Void> blocker =
        database.write(
            c -> {
              first.run(c);
              started.countDown();
              return await(release);
            });
    assertThat(started.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    return blocker;
  }

  private static Database.SqlWork<Integer> insert(int id, String name) {
    return c -> {
      try (PreparedStatement s = c.prepareStatement("INSERT INTO item (id, name) VALUES (?, ?)")) {
        s.setInt(1, id);
        s.setString(2, name);
        return s.executeUpdate();
      }
    };
  }

  private int count(String table) {
    return db.read(
        c -> {
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
          }
        });
  }

  private List<String> names() {
    return db.read(
        c -> {
          List<String> names = new ArrayList<>();
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("SELECT name FROM item ORDER BY id")) {
            while (rs.next()) {
              names.add(rs.getString(1));
            }
          }
          return names;
        });
  }

  private static Void await(CountDownLatch latch) throws SQLException {
    try {
      if (!latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new SQLException("the test never released the writer");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException(e);
    }
    return null;
  }

  private static SQLiteCommitListener counting(AtomicInteger commits) {
    return new SQLiteCommitListener() {
      @Override
      public void onCommit() {
        commits.incrementAndGet();
      }

      @Override
      public void onRollback() {}
    };
  }
}
