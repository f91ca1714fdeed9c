package dev.forja.persistence.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.forja.persistence.testing.PostgresFixture;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresDatabaseTest {

  @RegisterExtension static PostgresFixture pg = new PostgresFixture();

  private Database db;
  private String table;

  @BeforeEach
  void open() {
    db = Databases.acquire(pg.settings());
    table = "item_" + Long.toHexString(System.nanoTime());
    db.writeAndWait(
        c -> {
          try (Statement s = c.createStatement()) {
            return s.executeUpdate(
                "CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
          }
        });
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void writesCommitAndReadsSeeThem() throws Exception {
    List<CompletableFuture<Integer>> writes = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      writes.add(db.write(insert(i, "item-" + i)));
    }
    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

    assertThat(count()).isEqualTo(50);
    assertThat(db.dialect()).isEqualTo(Dialect.POSTGRESQL);
  }

  @Test
  void aFailingWorkRollsBackAndFailsOnlyItsOwnFuture() throws Exception {
    db.writeAndWait(insert(1, "first"));

    CompletableFuture<Integer> failing =
        db.write(
            c -> {
              insert(2, "rolled back").run(c);
              return insert(1, "duplicate key").run(c);
            });
    CompletableFuture<Integer> next = db.write(insert(3, "next"));

    assertThatThrownBy(() -> failing.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(DatabaseException.class)
        .hasMessageContaining("duplicate key");
    assertThat(next.get(30, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(count()).isEqualTo(2);
  }

  @Test
  void theDescriptionNamesNoCredentials() {
    assertThat(db.describe()).startsWith("postgresql://").doesNotContain("password");
    assertThat(PostgresDatabase.describe("jdbc:postgresql://u:pw@db:5432/forja?password=pw"))
        .isEqualTo("postgresql://db:5432/forja");
  }

  @Test
  void writesAfterCloseFailFast() {
    db.close();

    assertThatThrownBy(() -> db.writeAndWait(insert(1, "late")))
        .isInstanceOf(DatabaseException.class)
        .hasMessageContaining("closed");
  }

  private Database.SqlWork<Integer> insert(int id, String name) {
    return c -> {
      try (PreparedStatement s =
          c.prepareStatement("INSERT INTO " + table + " (id, name) VALUES (?, ?)")) {
        s.setInt(1, id);
        s.setString(2, name);
        return s.executeUpdate();
      }
    };
  }

  private int count() {
    return db.read(
        c -> {
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
          }
        });
  }
}
