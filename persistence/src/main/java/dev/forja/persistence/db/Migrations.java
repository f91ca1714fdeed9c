package dev.forja.persistence.db;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/** Applies a dialect's Flyway migrations ({@link Dialect#migrations()}) when a database opens. */
final class Migrations {
  private Migrations() {}

  /**
   * Migrates the schema behind {@code dataSource} to the newest version of {@code dialect}'s
   * migrations; fails with {@link DatabaseException} naming {@code description}.
   */
  static void apply(DataSource dataSource, Dialect dialect, String description) {
    try {
      // This module's class loader, not the thread's: Pekko may create the journal plugin, and so
      // the first database, on a thread whose context class loader does not see our resources.
      Flyway.configure(Migrations.class.getClassLoader())
          .dataSource(dataSource)
          .locations("classpath:" + dialect.migrations())
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new DatabaseException("migrating " + description + " failed: " + e.getMessage(), e);
    }
  }
}
