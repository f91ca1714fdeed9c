package dev.forja.persistence.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.store.CommandStore;
import dev.forja.persistence.db.Database;
import dev.forja.persistence.db.DatabaseException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The command read model in a {@link Database}: table {@code commands} (migration {@code
 * V2__inventory}), on SQLite or PostgreSQL.
 *
 * <p>Each row holds the whole command as JSON, which {@link #find} and {@link #recent} return, and
 * a summary (kind, mode, state, start and end, update counts per state) for listing and filtering
 * in SQL. A {@link #put} is one upsert through {@link Database#writeAndWait}; reads run on the
 * caller's thread. The store holds no connection between calls and does not own the database.
 *
 * <p>Rows hold exactly the command the caller gives: the engine's persister redacts opaque values
 * before a command reaches the store.
 */
public final class JdbcCommandStore implements CommandStore {

  private final Database database;
  private final StoreSql sql;
  private final String upsert;
  private final String recent;

  /** A store over {@code database}, whose schema its migrations have made current. */
  public JdbcCommandStore(Database database) {
    this.database = Objects.requireNonNull(database, "database");
    this.sql = StoreSql.of(database.dialect());
    StringBuilder columns =
        new StringBuilder("command_id, kind, mode, state, started_at, ended_at");
    StringBuilder values = new StringBuilder("?, ?, ?, ?, ?, ?");
    StringBuilder updates =
        new StringBuilder(
            "kind = excluded.kind, mode = excluded.mode, state = excluded.state,"
                + " started_at = excluded.started_at, ended_at = excluded.ended_at");
    for (String count : countColumns()) {
      columns.append(", ").append(count);
      values.append(", ?");
      updates.append(", ").append(count).append(" = excluded.").append(count);
    }
    this.upsert =
        "INSERT INTO commands ("
            + columns
            + ", document, created_at, updated_at) VALUES ("
            + values
            + ", "
            + sql.json()
            + ", "
            + sql.now()
            + ", "
            + sql.now()
            + ") ON CONFLICT (command_id) DO UPDATE SET "
            + updates
            + ", document = excluded.document, updated_at = excluded.updated_at";
    // A command without a start time (not yet accepted) lists after every timed one. Both
    // dialects serve this order from commands_recent_idx.
    this.recent =
        "SELECT command_id, document FROM commands"
            + " ORDER BY started_at DESC NULLS LAST, command_id DESC LIMIT ?";
  }

  /** The count columns in order: the total, then one per update state. */
  private static List<String> countColumns() {
    List<String> columns = new ArrayList<>();
    columns.add("update_count");
    for (UpdateState s : UpdateState.values()) {
      columns.add(countColumn(s));
    }
    return columns;
  }

  private static String countColumn(UpdateState state) {
    return switch (state) {
      case NOT_STARTED -> "not_started_count";
      case PENDING -> "pending_count";
      case IN_PROGRESS -> "in_progress_count";
      case SUCCESS -> "success_count";
      case FAILED -> "failed_count";
      case REJECTED -> "rejected_count";
      case CANCELED -> "canceled_count";
    };
  }

  /**
   * {@inheritDoc}
   *
   * @throws DatabaseException when the database fails; the message names the command
   */
  @Override
  public void put(FormaCommand command) {
    String what = "store command " + command.id();
    String document;
    try {
      document = StoreJson.write(command);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot " + what + ": not writable as JSON", e);
    }
    Map<UpdateState, Integer> counts = command.counts();
    try {
      database.writeAndWait(
          c -> {
            try (PreparedStatement ps = c.prepareStatement(upsert)) {
              int i = 1;
              ps.setString(i++, command.id());
              ps.setString(i++, command.kind().wire());
              ps.setString(i++, command.mode().wire());
              ps.setString(i++, command.state().wire());
              sql.setInstant(ps, i++, command.startTs());
              sql.setInstant(ps, i++, command.endTs());
              ps.setInt(i++, command.updates().size());
              for (UpdateState s : UpdateState.values()) {
                ps.setInt(i++, counts.get(s));
              }
              ps.setString(i, document);
              return ps.executeUpdate();
            }
          });
    } catch (DatabaseException e) {
      throw failed(what, e);
    }
  }

  @Override
  public Optional<FormaCommand> find(String commandId) {
    String what = "read command " + commandId;
    List<Document> rows =
        read(
            what,
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT command_id, document FROM commands WHERE command_id = ?")) {
                ps.setString(1, commandId);
                return documents(ps);
              }
            });
    return commands(rows, what).stream().findFirst();
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when {@code limit} is negative
   */
  @Override
  public List<FormaCommand> recent(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be at least 0, got " + limit);
    }
    String what = "list the " + limit + " most recent commands";
    List<Document> rows =
        read(
            what,
            c -> {
              try (PreparedStatement ps = c.prepareStatement(recent)) {
                ps.setInt(1, limit);
                return documents(ps);
              }
            });
    return commands(rows, what);
  }

  /** A row's id and JSON, parsed after the connection is released. */
  private record Document(String commandId, String json) {}

  private static List<Document> documents(PreparedStatement ps) throws SQLException {
    List<Document> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new Document(rs.getString(1), rs.getString(2)));
      }
    }
    return out;
  }

  private static List<FormaCommand> commands(List<Document> rows, String what) {
    List<FormaCommand> out = new ArrayList<>(rows.size());
    for (Document d : rows) {
      try {
        out.add(StoreJson.MAPPER.readValue(d.json(), FormaCommand.class));
      } catch (JsonProcessingException | RuntimeException e) {
        throw new DatabaseException(
            "cannot " + what + ": command " + d.commandId() + " holds a bad document", e);
      }
    }
    return List.copyOf(out);
  }

  private <T> T read(String what, Database.SqlWork<T> work) {
    try {
      return database.read(work);
    } catch (DatabaseException e) {
      throw failed(what, e);
    }
  }

  private static DatabaseException failed(String what, DatabaseException e) {
    return new DatabaseException("cannot " + what + ": " + e.getMessage(), e);
  }
}
