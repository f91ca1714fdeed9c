package dev.forja.persistence.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.forja.persistence.testing.SqliteFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabasesTest {

  @TempDir Path dir;

  @Test
  void handlesOnTheSameFileShareOneWriter() throws Exception {
    StoreSettings settings = SqliteFixture.settings(dir);
    StoreSettings sameFileOtherSpelling =
        new StoreSettings(
            settings.kind(),
            settings.home(),
            dir.resolve("sub/../" + SqliteFixture.FILE_NAME),
            settings.url(),
            settings.user(),
            settings.password(),
            1);
    try (Database first = Databases.acquire(settings);
        Database second = Databases.acquire(sameFileOtherSpelling)) {
      createTable(first);
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Void> blocker =
          first.write(
              c -> {
                try {
                  release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return null;
              });
      CompletableFuture<Integer> behind = second.write(c -> insert(c, 1));

      // One writer: the second handle's write waits for the first handle's.
      assertThat(behind).isNotDone();
      release.countDown();
      blocker.get(20, TimeUnit.SECONDS);
      assertThat(behind.get(20, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(second.describe()).isEqualTo(first.describe());
    }
  }

  @Test
  void theDatabaseStaysOpenUntilItsLastHandleCloses() {
    Database first = Databases.acquire(SqliteFixture.settings(dir));
    Database second = Databases.acquire(SqliteFixture.settings(dir));
    createTable(first);

    first.close();
    first.close(); // idempotent: does not release the second handle's share

    int inserted = second.writeAndWait(c -> insert(c, 1));
    assertThat(inserted).isEqualTo(1);
    assertThatThrownBy(() -> first.read(c -> 1))
        .isInstanceOf(DatabaseException.class)
        .hasMessageContaining("closed");
    second.close();
    try (Database third = Databases.acquire(SqliteFixture.settings(dir))) {
      assertThat(count(third)).isEqualTo(1);
    }
  }

  @Test
  void manyThreadsAcquireAndReleaseSafely() throws Exception {
    try (Database keeper = Databases.acquire(SqliteFixture.settings(dir))) {
      createTable(keeper);
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> tasks = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        tasks.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 10; i++) {
                    try (Database db = Databases.acquire(SqliteFixture.settings(dir))) {
                      db.writeAndWait(c -> insert(c, 1));
                    }
                  }
                }));
      }
      for (Future<?> task : tasks) {
        task.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    try (Database db = Databases.acquire(SqliteFixture.settings(dir))) {
      assertThat(count(db)).isEqualTo(80);
    }
  }

  @Test
  void theMemoryStoreHasNoDatabase() {
    StoreSettings settings = SqliteFixture.settings(dir);
    StoreSettings memory =
        new StoreSettings(
            StoreSettings.Kind.MEMORY,
            settings.home(),
            settings.sqlitePath(),
            settings.url(),
            settings.user(),
            settings.password(),
            1);

    assertThatThrownBy(() -> Databases.acquire(memory))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MEMORY");
  }

  private static void createTable(Database db) {
    db.writeAndWait(
        c -> {
          try (Statement s = c.createStatement()) {
            return s.executeUpdate("CREATE TABLE IF NOT EXISTS item (value INTEGER NOT NULL)");
          }
        });
  }

  private static int insert(Connection c, int value) throws SQLException {
    try (Statement s = c.createStatement()) {
      return s.executeUpdate("INSERT INTO item (value) VALUES (" + value + ")");
    }
  }

  private static int count(Database db) {
    return db.read(
        c -> {
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM item")) {
            rs.next();
            return rs.getInt(1);
          }
        });
  }
}
