package dev.forja.persistence.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.model.ResourceKey;
import dev.forja.engine.model.Target;
import dev.forja.engine.plan.InMemoryInventory;
import dev.forja.engine.plan.Inventory;
import dev.forja.engine.store.InventoryQuery;
import dev.forja.engine.store.InventoryStore;
import dev.forja.persistence.db.Database;
import dev.forja.persistence.db.DatabaseException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The inventory in a {@link Database}: tables {@code resources} and {@code targets} (migration
 * {@code V2__inventory}), on SQLite or PostgreSQL.
 *
 * <p>Writes go through {@link Database#writeAndWait} (on SQLite, the one writer thread), each one
 * statement; reads run on the caller's thread, one statement each, so a {@link #snapshot()} is one
 * consistent query. The store holds no connection between calls and does not own the database:
 * whoever acquired it closes it.
 *
 * <p>Rows hold exactly what the caller gives: the store neither digests nor redacts opaque values.
 * The engine's persister digests them before a row reaches the store, which is what keeps secrets
 * out of the database.
 */
public final class JdbcInventoryStore implements InventoryStore {
  private static final String COLUMNS =
      "ksuid, stack, label, type, target, native_id, managed, properties, read_only_properties";
  private static final String BY_STACK_AND_LABEL = " ORDER BY stack, label";

  private final Database database;
  private final StoreSql sql;
  private final String upsertResource;
  private final String upsertTarget;

  /** A store over {@code database}, whose schema its migrations have made current. */
  public JdbcInventoryStore(Database database) {
    this.database = Objects.requireNonNull(database, "database");
    this.sql = StoreSql.of(database.dialect());
    // Upserting on the KSUID only: a row that would take another KSUID's stack and label breaks
    // the unique key instead, and put() reports which KSUID holds it.
    this.upsertResource =
        "INSERT INTO resources ("
            + COLUMNS
            + ", created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
            + sql.json()
            + ", "
            + sql.json()
            + ", "
            + sql.now()
            + ", "
            + sql.now()
            + ") ON CONFLICT (ksuid) DO UPDATE SET stack = excluded.stack,"
            + " label = excluded.label, type = excluded.type, target = excluded.target,"
            + " native_id = excluded.native_id, managed = excluded.managed,"
            + " properties = excluded.properties,"
            + " read_only_properties = excluded.read_only_properties,"
            + " updated_at = excluded.updated_at";
    this.upsertTarget =
        "INSERT INTO targets (label, namespace, config, discoverable, created_at, updated_at)"
            + " VALUES (?, ?, "
            + sql.json()
            + ", ?, "
            + sql.now()
            + ", "
            + sql.now()
            + ") ON CONFLICT (label) DO UPDATE SET namespace = excluded.namespace,"
            + " config = excluded.config, discoverable = excluded.discoverable,"
            + " updated_at = excluded.updated_at";
  }

  /** {@inheritDoc} Read in one query; the index is built in memory after the connection is back. */
  @Override
  public Inventory snapshot() {
    List<Row> rows =
        read(
            "read the inventory", c -> rows(c, "SELECT " + COLUMNS + " FROM resources", List.of()));
    return InMemoryInventory.of(resources(rows, "the inventory"));
  }

  @Override
  public Optional<InventoryResource> byKsuid(String ksuid) {
    List<Row> rows =
        read(
            "read resource " + ksuid,
            c -> rows(c, "SELECT " + COLUMNS + " FROM resources WHERE ksuid = ?", List.of(ksuid)));
    return resources(rows, "resource " + ksuid).stream().findFirst();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Filters in the database, with bound parameters only: each field's values are OR'ed (exact
   * values by equality, wildcard values by a pattern), the fields AND'ed.
   */
  @Override
  public List<InventoryResource> query(InventoryQuery query) {
    List<Object> params = new ArrayList<>();
    StringBuilder where = new StringBuilder();
    for (Map.Entry<InventoryQuery.Field, List<String>> term : query.terms().entrySet()) {
      where.append(where.isEmpty() ? " WHERE " : " AND ");
      where.append(condition(term.getKey(), term.getValue(), params));
    }
    String select = "SELECT " + COLUMNS + " FROM resources" + where + BY_STACK_AND_LABEL;
    List<Row> rows =
        read("query the inventory for '" + query.text() + "'", c -> rows(c, select, params));
    return resources(rows, "the inventory");
  }

  /** One field's values as SQL, OR'ed, their parameters appended to {@code params}. */
  private String condition(InventoryQuery.Field field, List<String> values, List<Object> params) {
    if (field == InventoryQuery.Field.MANAGED) {
      List<String> ors = new ArrayList<>();
      for (String v : values) {
        ors.add("managed = ?");
        params.add(Boolean.parseBoolean(v));
      }
      return "(" + String.join(" OR ", ors) + ")";
    }
    String column = column(field);
    List<String> ors = new ArrayList<>();
    List<String> exact = values.stream().filter(v -> !v.contains(InventoryQuery.WILDCARD)).toList();
    if (!exact.isEmpty()) {
      ors.add(column + " IN (" + String.join(", ", exact.stream().map(v -> "?").toList()) + ")");
      params.addAll(exact);
    }
    for (String v : values) {
      if (v.contains(InventoryQuery.WILDCARD)) {
        ors.add(sql.matches(column));
        params.add(sql.pattern(v));
      }
    }
    return "(" + String.join(" OR ", ors) + ")";
  }

  private static String column(InventoryQuery.Field field) {
    return switch (field) {
      case MANAGED -> "managed";
      case STACK -> "stack";
      case TARGET -> "target";
      case TYPE -> "type";
      case LABEL -> "label";
    };
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when another KSUID already holds the resource's stack and
   *     label: the inventory, like the planner, knows one resource per key
   * @throws DatabaseException when the database fails; the message names the resource
   */
  @Override
  public void put(InventoryResource resource) {
    String what = "store resource " + resource.key() + " (ksuid " + resource.ksuid() + ")";
    String properties = json(resource.properties(), what);
    String readOnly = json(resource.readOnlyProperties(), what);
    try {
      database.writeAndWait(
          c -> {
            try (PreparedStatement ps = c.prepareStatement(upsertResource)) {
              ps.setString(1, resource.ksuid());
              ps.setString(2, resource.stack());
              ps.setString(3, resource.label());
              ps.setString(4, resource.type());
              ps.setString(5, resource.target());
              ps.setString(6, resource.nativeId());
              ps.setBoolean(7, resource.managed());
              ps.setString(8, properties);
              ps.setString(9, readOnly);
              return ps.executeUpdate();
            }
          });
    } catch (DatabaseException e) {
      if (brokeKey(e)) {
        String holder = holderOf(resource.key()).orElse("another KSUID");
        throw new IllegalArgumentException(
            resource.key() + " is already held by KSUID " + holder + ", not " + resource.ksuid(),
            e);
      }
      throw failed(what, e);
    }
  }

  private boolean brokeKey(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && sql.brokeUniqueKey(s, "resources", "stack", "label")) {
        return true;
      }
    }
    return false;
  }

  private Optional<String> holderOf(ResourceKey key) {
    return read(
        "read the holder of " + key,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT ksuid FROM resources WHERE stack = ? AND label = ?")) {
            ps.setString(1, key.stack());
            ps.setString(2, key.label());
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
            }
          }
        });
  }

  @Override
  public void remove(String ksuid) {
    write(
        "remove resource " + ksuid,
        c -> {
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM resources WHERE ksuid = ?")) {
            ps.setString(1, ksuid);
            return ps.executeUpdate();
          }
        });
  }

  /** {@inheritDoc} All of them in one transaction. */
  @Override
  public void putTargets(Collection<Target> targets) {
    if (targets.isEmpty()) {
      return;
    }
    List<String> labels = targets.stream().map(Target::label).toList();
    String what = "store targets " + labels;
    List<String> configs = targets.stream().map(t -> json(t.config(), what)).toList();
    write(
        what,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(upsertTarget)) {
            int i = 0;
            for (Target t : targets) {
              ps.setString(1, t.label());
              ps.setString(2, t.namespace());
              ps.setString(3, configs.get(i++));
              ps.setBoolean(4, t.discoverable());
              ps.addBatch();
            }
            return ps.executeBatch().length;
          }
        });
  }

  @Override
  public Optional<Target> target(String label) {
    return targets("read target " + label, " WHERE label = ?", List.of(label)).stream().findFirst();
  }

  @Override
  public List<Target> targets() {
    return targets("read the targets", " ORDER BY label", List.of());
  }

  private List<Target> targets(String what, String clause, List<Object> params) {
    record TargetRow(String label, String namespace, String config, boolean discoverable) {}
    List<TargetRow> rows =
        read(
            what,
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT label, namespace, config, discoverable FROM targets" + clause)) {
                bind(ps, params);
                List<TargetRow> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    out.add(
                        new TargetRow(
                            rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4)));
                  }
                }
                return out;
              }
            });
    List<Target> targets = new ArrayList<>(rows.size());
    for (TargetRow r : rows) {
      try {
        targets.add(
            new Target(
                r.label(), r.namespace(), StoreJson.readObject(r.config()), r.discoverable()));
      } catch (JsonProcessingException | RuntimeException e) {
        throw new DatabaseException(
            "cannot " + what + ": target " + r.label() + " holds bad JSON", e);
      }
    }
    return List.copyOf(targets);
  }

  @Override
  public List<String> stacks() {
    return read(
        "list the stacks",
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement("SELECT DISTINCT stack FROM resources ORDER BY stack");
              ResultSet rs = ps.executeQuery()) {
            List<String> stacks = new ArrayList<>();
            while (rs.next()) {
              stacks.add(rs.getString(1));
            }
            return List.copyOf(stacks);
          }
        });
  }

  // ---- rows ----

  /** A resources row as read, JSON still text: parsed after the connection is released. */
  private record Row(
      String ksuid,
      String stack,
      String label,
      String type,
      String target,
      String nativeId,
      boolean managed,
      String properties,
      String readOnlyProperties) {}

  private static List<Row> rows(Connection c, String select, List<Object> params)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(select)) {
      bind(ps, params);
      List<Row> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new Row(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getBoolean(7),
                  rs.getString(8),
                  rs.getString(9)));
        }
      }
      return rows;
    }
  }

  private static List<InventoryResource> resources(List<Row> rows, String what) {
    List<InventoryResource> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      try {
        out.add(
            new InventoryResource(
                r.ksuid(),
                r.stack(),
                r.label(),
                r.type(),
                r.target(),
                r.nativeId(),
                r.managed(),
                StoreJson.readObject(r.properties()),
                StoreJson.readObject(r.readOnlyProperties())));
      } catch (JsonProcessingException | RuntimeException e) {
        throw new DatabaseException(
            "cannot read " + what + ": resource " + r.ksuid() + " holds bad JSON", e);
      }
    }
    return out;
  }

  private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
    for (int i = 0; i < params.size(); i++) {
      if (params.get(i) instanceof Boolean b) {
        ps.setBoolean(i + 1, b);
      } else {
        ps.setString(i + 1, (String) params.get(i));
      }
    }
  }

  private static String json(Object value, String what) {
    try {
      return StoreJson.write(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot " + what + ": not writable as JSON", e);
    }
  }

  // ---- database calls, failures named ----

  private <T> T read(String what, Database.SqlWork<T> work) {
    try {
      return database.read(work);
    } catch (DatabaseException e) {
      throw failed(what, e);
    }
  }

  private <T> T write(String what, Database.SqlWork<T> work) {
    try {
      return database.writeAndWait(work);
    } catch (DatabaseException e) {
      throw failed(what, e);
    }
  }

  private static DatabaseException failed(String what, DatabaseException e) {
    return new DatabaseException("cannot " + what + ": " + e.getMessage(), e);
  }
}
