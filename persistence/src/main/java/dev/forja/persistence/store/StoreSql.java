package dev.forja.persistence.store;

import dev.forja.persistence.db.Dialect;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * What the stores' SQL says differently per dialect: how a JSON parameter is written, the database
 * clock, how instants are bound, how a query wildcard matches, and how a broken unique key is
 * reported. Everything else is standard SQL that both dialects run as written.
 */
enum StoreSql {
  /**
   * SQLite: JSON is plain text, instants are microseconds since the epoch, and wildcards use GLOB,
   * which is case-sensitive like {@code InventoryQuery} (SQLite's LIKE ignores ASCII case).
   */
  SQLITE("?", "CAST(unixepoch('subsec') * 1000000 AS INTEGER)") {
    @Override
    void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
      if (instant == null) {
        ps.setNull(index, Types.BIGINT);
      } else {
        ps.setLong(index, ChronoUnit.MICROS.between(Instant.EPOCH, instant));
      }
    }

    @Override
    String matches(String column) {
      return column + " GLOB ?";
    }

    @Override
    String pattern(String value) {
      // In GLOB, '*' is the wildcard we want; '?' and '[' are its other metacharacters, made
      // literal by a one-character class. A lone ']' is already literal.
      StringBuilder out = new StringBuilder(value.length() + 8);
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        switch (c) {
          case '?' -> out.append("[?]");
          case '[' -> out.append("[[]");
          default -> out.append(c);
        }
      }
      return out.toString();
    }

    @Override
    boolean brokeUniqueKey(SQLException e, String table, String... columns) {
      StringBuilder names = new StringBuilder();
      for (String column : columns) {
        names.append(names.isEmpty() ? "" : ", ").append(table).append('.').append(column);
      }
      String message = e.getMessage();
      return message != null
          && message.contains("UNIQUE constraint failed")
          && message.contains(names.toString());
    }
  },

  /**
   * PostgreSQL: JSON parameters are cast to json, instants are timestamptz, and wildcards use LIKE
   * with a backslash escape (case-sensitive; with the "C" collation, prefixes use the index).
   */
  POSTGRESQL("CAST(? AS json)", "now()") {
    @Override
    void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
      if (instant == null) {
        ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
      } else {
        ps.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
      }
    }

    @Override
    String matches(String column) {
      return column + " LIKE ? ESCAPE '\\'";
    }

    @Override
    String pattern(String value) {
      StringBuilder out = new StringBuilder(value.length() + 8);
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        switch (c) {
          case '\\', '%', '_' -> out.append('\\').append(c);
          case '*' -> out.append('%');
          default -> out.append(c);
        }
      }
      return out.toString();
    }

    @Override
    boolean brokeUniqueKey(SQLException e, String table, String... columns) {
      String message = e.getMessage();
      return "23505".equals(e.getSQLState())
          && message != null
          && message.contains(table + "_" + String.join("_", columns) + "_key");
    }
  };

  private final String json;
  private final String now;

  StoreSql(String json, String now) {
    this.json = json;
    this.now = now;
  }

  /** The SQL of {@code dialect}. */
  static StoreSql of(Dialect dialect) {
    return switch (dialect) {
      case SQLITE -> SQLITE;
      case POSTGRESQL -> POSTGRESQL;
    };
  }

  /** The placeholder of a JSON text parameter. */
  final String json() {
    return json;
  }

  /** The database clock, as a value of the dialect's timestamp columns. */
  final String now() {
    return now;
  }

  /** Binds {@code instant} (null for SQL NULL) to a timestamp column's parameter. */
  abstract void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException;

  /** A condition matching {@code column} against one {@link #pattern} parameter. */
  abstract String matches(String column);

  /** The parameter for {@link #matches}: {@code value} with {@code *} as the only wildcard. */
  abstract String pattern(String value);

  /**
   * Whether {@code e} says that a row would break {@code table}'s unique key on {@code columns},
   * named {@code <table>_<columns>_key} in the migrations.
   */
  abstract boolean brokeUniqueKey(SQLException e, String table, String... columns);
}
