package dev.forja.cli.crash;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lesson L6 on the store's own tables: a row of the {@code commands} read model without its
 * command's journal is an orphan. The journal tables are found by their {@code persistence_id}
 * column (events and snapshots; on PostgreSQL also the unused durable state), so the check holds
 * for each store's schema without naming it.
 */
final class ReadModelCheck {
  private static final Set<String> SYSTEM_SCHEMAS = Set.of("pg_catalog", "information_schema");

  private ReadModelCheck() {}

  /** The tables with a {@code persistence_id} column, in name order. */
  static List<String> journalTables(Connection c) throws SQLException {
    Set<String> tables = new TreeSet<>();
    DatabaseMetaData md = c.getMetaData();
    try (ResultSet cols = md.getColumns(null, null, "%", "%")) {
      while (cols.next()) {
        String schema = cols.getString("TABLE_SCHEM");
        if (schema != null && SYSTEM_SCHEMAS.contains(schema.toLowerCase(Locale.ROOT))) {
          continue;
        }
        if (cols.getString("COLUMN_NAME").equalsIgnoreCase("persistence_id")) {
          tables.add(cols.getString("TABLE_NAME"));
        }
      }
    }
    return new ArrayList<>(tables);
  }

  /** Every command id of the read model. */
  static List<String> commandIds(Connection c) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT command_id FROM commands ORDER BY command_id")) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  /**
   * The read model's command ids whose persistence id ({@code prefix + id}) has no row in any of
   * {@code journals}.
   */
  static List<String> withoutJournal(Connection c, List<String> journals, String prefix)
      throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT command_id FROM commands c WHERE 1 = 1");
    for (String table : journals) {
      // Names from the database's own catalogue, quoted as it spells them.
      sql.append(" AND NOT EXISTS (SELECT 1 FROM \"")
          .append(table.replace("\"", "\"\""))
          .append("\" j WHERE j.persistence_id = ? || c.command_id)");
    }
    sql.append(" ORDER BY command_id");
    List<String> orphans = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 1; i <= journals.size(); i++) {
        ps.setString(i, prefix);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          orphans.add(rs.getString(1));
        }
      }
    }
    return orphans;
  }
}
