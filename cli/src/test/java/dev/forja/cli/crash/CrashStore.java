package dev.forja.cli.crash;

import com.typesafe.config.ConfigUtil;
import dev.forja.persistence.testing.PostgresFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The durable store a crash run puts the engine on: the {@code forja.store} settings the engine
 * child reads, and a JDBC connection for the test's own look at the tables.
 */
interface CrashStore {
  /** The store's name in messages: SQLite or PostgreSQL. */
  String name();

  /** The {@code forja.store}, {@code forja.sqlite} and {@code forja.postgres} keys, as HOCON. */
  String config();

  /** A new connection to the store's database; the caller closes it. */
  Connection connect() throws SQLException;

  /** The SQLite file {@code file}. */
  static CrashStore sqlite(Path file) {
    return new CrashStore() {
      @Override
      public String name() {
        return "SQLite";
      }

      @Override
      public String config() {
        return "forja.store = sqlite, forja.sqlite.path = "
            + ConfigUtil.quoteString(file.toString());
      }

      @Override
      public Connection connect() throws SQLException {
        // Opening a missing file would create an empty database and hide that there is none.
        if (!Files.isRegularFile(file)) {
          throw new SQLException("no SQLite file at " + file);
        }
        return DriverManager.getConnection("jdbc:sqlite:" + file);
      }
    };
  }

  /** The fresh database of {@code pg}. */
  static CrashStore postgresql(PostgresFixture pg) {
    return new CrashStore() {
      @Override
      public String name() {
        return "PostgreSQL";
      }

      @Override
      public String config() {
        return "forja.store = postgres, forja.postgres { url = "
            + ConfigUtil.quoteString(pg.url())
            + ", user = "
            + ConfigUtil.quoteString(PostgresFixture.USER)
            + ", password = \"\" }";
      }

      @Override
      public Connection connect() throws SQLException {
        return pg.connect();
      }
    };
  }
}
