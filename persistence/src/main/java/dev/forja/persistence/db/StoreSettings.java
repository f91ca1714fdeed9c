package dev.forja.persistence.db;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where Forja keeps its state, from {@code forja.home}, {@code forja.store}, {@code forja.sqlite.*}
 * and {@code forja.postgres.*} (see the persistence module's {@code reference.conf}).
 *
 * @param kind which store
 * @param home Forja's home folder ({@code ~/.forja} unless {@code forja.home} or {@code FORJA_HOME}
 *     says otherwise); created on first start
 * @param sqlitePath the SQLite file; {@code home/data/forja.db} unless set
 * @param url the PostgreSQL JDBC URL
 * @param user the PostgreSQL user
 * @param password the PostgreSQL password, empty for trust auth
 * @param poolSize the PostgreSQL pool size
 */
public record StoreSettings(
    Kind kind, Path home, Path sqlitePath, String url, String user, String password, int poolSize) {

  /** The store kinds. */
  public enum Kind {
    SQLITE,
    POSTGRESQL,
    MEMORY
  }

  /** Reads {@code forja.home} and {@code forja.store}; a bad value names its key. */
  public static StoreSettings fromConfig(Config config) {
    // Keys the caller's config lacks come from this module's reference.conf, so a config parsed
    // from a string in a test or an embedding service still gets the defaults.
    Config c =
        config.withFallback(ConfigFactory.defaultReference(StoreSettings.class.getClassLoader()));
    Path home = homeOf(c);
    String kindName = c.getString(KIND);
    Kind kind;
    try {
      String name = kindName.trim().toUpperCase(Locale.ROOT);
      // "postgres" is the documented value (INTERFACES.md); "postgresql" is accepted too.
      kind = Kind.valueOf("POSTGRES".equals(name) ? "POSTGRESQL" : name);
    } catch (IllegalArgumentException e) {
      throw new ConfigException.BadValue(
          KIND, "unknown store kind '" + kindName + "'; use sqlite, postgres or memory", e);
    }
    String sqlite = c.getString(SQLITE_PATH).trim();
    Path sqlitePath =
        sqlite.isEmpty()
            ? home.resolve(DEFAULT_SQLITE_FILE)
            : path(SQLITE_PATH, sqlite).toAbsolutePath();
    int poolSize = c.getInt(POOL_SIZE);
    if (poolSize < 1) {
      throw new ConfigException.BadValue(POOL_SIZE, "must be at least 1, was " + poolSize);
    }
    return new StoreSettings(
        kind,
        home,
        sqlitePath.normalize(),
        c.getString(PG + "url").trim(),
        c.getString(PG + "user"),
        c.getString(PG + "password"),
        poolSize);
  }

  /** The SQLite file under Forja's home, unless {@code forja.sqlite.path} names another. */
  public static final String DEFAULT_SQLITE_FILE = "data/forja.db";

  private static final String HOME = "forja.home";
  private static final String KIND = "forja.store";
  private static final String SQLITE_PATH = "forja.sqlite.path";
  private static final String PG = "forja.postgres.";
  private static final String POOL_SIZE = PG + "pool-size";

  private static Path homeOf(Config c) {
    String home = c.getString(HOME).trim();
    if (home.isEmpty()) {
      return Path.of(System.getProperty("user.home"), ".forja").toAbsolutePath().normalize();
    }
    return path(HOME, home).toAbsolutePath().normalize();
  }

  /** {@code value} as a path, a leading {@code ~} meaning the user's home folder. */
  private static Path path(String key, String value) {
    try {
      if (value.equals("~")) {
        return Path.of(System.getProperty("user.home"));
      }
      if (value.startsWith("~/")) {
        return Path.of(System.getProperty("user.home"), value.substring(2));
      }
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new ConfigException.BadValue(key, "not a path: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "StoreSettings["
        + kind
        + ", home="
        + home
        + ", sqlite="
        + sqlitePath
        + ", url="
        + url
        + ", user="
        + user
        + ", poolSize="
        + poolSize
        + "]";
  }
}
