package dev.forja.persistence.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.store.CommandStore;
import dev.forja.engine.store.CommandStoreContract;
import dev.forja.persistence.db.Database;
import dev.forja.persistence.db.DatabaseException;
import dev.forja.persistence.db.Databases;
import dev.forja.persistence.db.StoreSettings;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The command read-model contract against {@link JdbcCommandStore}, plus what only a database store
 * can get wrong: NULL ordering, the summary columns, instant precision, reopening and failures.
 * Subclasses name the database; every test of a class shares it, emptied per test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcCommandStoreContract extends CommandStoreContract {

  private Database database;

  /** Settings of the database the tests of this class use, created by the subclass's fixture. */
  protected abstract StoreSettings settings();

  @Override
  protected CommandStore newStore() {
    if (database == null) {
      database = Databases.acquire(settings());
    }
    database.writeAndWait(
        c -> {
          try (Statement s = c.createStatement()) {
            return s.executeUpdate("DELETE FROM commands");
          }
        });
    return new JdbcCommandStore(database);
  }

  @AfterAll
  void closeDatabase() {
    if (database != null) {
      database.close();
      database = null;
    }
  }

  @Test
  void listsACommandWithoutAStartTimeAfterEveryTimedOne() {
    CommandStore store = newStore();
    FormaCommand untimed = command(commandId(9), CommandState.NOT_STARTED, null);
    FormaCommand timed = command(commandId(1), CommandState.IN_PROGRESS, T0);
    FormaCommand later = command(commandId(2), CommandState.IN_PROGRESS, T0.plusMillis(1));
    store.put(untimed);
    store.put(timed);
    store.put(later);

    assertThat(store.recent(5)).containsExactly(later, timed, untimed);
    assertThat(store.find(untimed.id())).contains(untimed);
  }

  @Test
  void keepsInstantsToTheNanosecondAndOrdersByThemToTheMicrosecond() {
    CommandStore store = newStore();
    Instant start = Instant.parse("2025-03-01T10:00:00.123456789Z");
    FormaCommand first = command(commandId(2), CommandState.SUCCESS, start);
    FormaCommand second = command(commandId(1), CommandState.SUCCESS, start.plusNanos(1_000));
    store.put(first);
    store.put(second);

    assertThat(store.find(first.id()).orElseThrow().startTs()).isEqualTo(start);
    assertThat(store.recent(2)).containsExactly(second, first);
  }

  @Test
  void summarizesEachCommandInColumnsForListingInSql() {
    CommandStore store = newStore();
    FormaCommand c = command(commandId(1), CommandState.FAILED, T0);
    store.put(c);

    Map<String, Object> row =
        database.read(
            conn -> {
              try (PreparedStatement ps =
                  conn.prepareStatement(
                      "SELECT kind, mode, state, update_count, not_started_count, failed_count,"
                          + " success_count FROM commands WHERE command_id = ?")) {
                ps.setString(1, c.id());
                try (ResultSet rs = ps.executeQuery()) {
                  assertThat(rs.next()).isTrue();
                  Map<String, Object> m = new LinkedHashMap<>();
                  for (int i = 1; i <= 7; i++) {
                    m.put(
                        rs.getMetaData().getColumnName(i).toLowerCase(Locale.ROOT),
                        rs.getObject(i));
                  }
                  return m;
                }
              }
            });

    assertThat(row)
        .containsEntry("kind", c.kind().wire())
        .containsEntry("mode", c.mode().wire())
        .containsEntry("state", "Failed");
    assertThat(((Number) row.get("update_count")).intValue()).isEqualTo(3);
    assertThat(((Number) row.get("not_started_count")).intValue()).isEqualTo(2);
    assertThat(((Number) row.get("failed_count")).intValue()).isEqualTo(1);
    assertThat(((Number) row.get("success_count")).intValue()).isZero();
  }

  @Test
  void keepsCommandsAcrossAReopen() {
    CommandStore store = newStore();
    FormaCommand c = command(commandId(1), CommandState.SUCCESS, T0);
    store.put(c);

    database.close();
    database = Databases.acquire(settings());

    assertThat(new JdbcCommandStore(database).recent(5)).containsExactly(c);
  }

  @Test
  void aFailingCallNamesTheOperationAndTheCommand() {
    CommandStore store = newStore();
    FormaCommand c = command(commandId(1), CommandState.SUCCESS, T0);
    database.close();
    try {
      assertThatThrownBy(() -> store.put(c))
          .isInstanceOf(DatabaseException.class)
          .hasMessageStartingWith("cannot store command " + c.id() + ": ");
      assertThatThrownBy(() -> store.find(c.id()))
          .isInstanceOf(DatabaseException.class)
          .hasMessageStartingWith("cannot read command " + c.id() + ": ");
    } finally {
      database = Databases.acquire(settings());
    }
  }
}
