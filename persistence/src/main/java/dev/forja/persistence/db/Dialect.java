package dev.forja.persistence.db;

/** The SQL dialects Forja's stores speak; each has its own Flyway migration folder. */
public enum Dialect {
  SQLITE("db/migration/sqlite"),
  POSTGRESQL("db/migration/postgresql");

  private final String migrations;

  Dialect(String migrations) {
    this.migrations = migrations;
  }

  /** The class-path folder of this dialect's Flyway migrations. */
  public String migrations() {
    return migrations;
  }
}
