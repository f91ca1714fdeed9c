package dev.forja.loadtest.store;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.forja.persistence.db.StoreSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A store that lives for one benchmark run: a SQLite file in a new temporary folder, or a new
 * PostgreSQL database {@code forja_bench_<random>} on a server. {@link #close} deletes the folder
 * or drops the database.
 */
public final class ScratchStore implements AutoCloseable {
  /** The server the PostgreSQL store is created on unless {@code --pg-url} names another. */
  public static final String DEFAULT_PG_SERVER = "jdbc:postgresql://127.0.0.1:5432/postgres";

  private static final String PG_USER = "postgres";

  private final Path home;
  private final String pgServer;
  private final String pgDatabase;
  private final Config config;

  private ScratchStore(Path home, String pgServer, String pgDatabase, Config config) {
    this.home = home;
    this.pgServer = pgServer;
    this.pgDatabase = pgDatabase;
    this.config = config;
  }

  /** A SQLite store: {@code forja.db} in a new temporary folder, which is also Forja's home. */
  public static ScratchStore sqlite() throws IOException {
    Path home = Files.createTempDirectory("forja-journal-bench");
    return new ScratchStore(
        home,
        null,
        null,
        ConfigFactory.parseMap(
            Map.of(
                "forja.home", home.toString(),
                "forja.store", "sqlite",
                "forja.sqlite.path", home.resolve(StoreSettings.DEFAULT_SQLITE_FILE).toString())));
  }

  /**
   * A new database on the PostgreSQL server that {@code serverUrl} (the JDBC URL of any database
   * there, such as {@code postgres}) names; user {@code postgres}, trust auth. The pool size is the
   * default of {@code forja.postgres.pool-size}.
   */
  public static ScratchStore postgresql(String serverUrl) throws IOException {
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    String name = "forja_bench_" + HexFormat.of().formatHex(random);
    try (Connection admin = DriverManager.getConnection(serverUrl, credentials());
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot create database " + name + " on " + serverUrl + ": " + e.getMessage(), e);
    }
    Path home = Files.createTempDirectory("forja-journal-bench");
    return new ScratchStore(
        home,
        serverUrl,
        name,
        ConfigFactory.parseMap(
            Map.of(
                "forja.home",
                home.toString(),
                "forja.store",
                "postgresql",
                "forja.postgres.url",
                withDatabase(serverUrl, name),
                "forja.postgres.user",
                PG_USER,
                "forja.postgres.password",
                "")));
  }

  /**
   * The {@code forja.home} and {@code forja.store}, {@code forja.sqlite.*} and {@code
   * forja.postgres.*} keys of this store.
   */
  public Config config() {
    return config;
  }

  /** Where the store is, for the report. */
  public String describe() {
    return pgDatabase == null
        ? "sqlite " + home.resolve(StoreSettings.DEFAULT_SQLITE_FILE)
        : "postgresql database " + pgDatabase + " on " + withDatabase(pgServer, "");
  }

  @Override
  public void close() {
    try {
      if (pgDatabase != null) {
        try (Connection admin = DriverManager.getConnection(pgServer, credentials());
            Statement statement = admin.createStatement()) {
          statement.execute("DROP DATABASE IF EXISTS " + pgDatabase + " WITH (FORCE)");
        } catch (SQLException e) {
          throw new IllegalStateException(
              "cannot drop database " + pgDatabase + ": " + e.getMessage(), e);
        }
      }
    } finally {
      deleteRecursively(home);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }

  private static Properties credentials() {
    Properties properties = new Properties();
    properties.setProperty("user", PG_USER);
    properties.setProperty("connectTimeout", "5");
    return properties;
  }

  /** {@code serverUrl} with its database replaced by {@code name}, parameters kept. */
  public static String withDatabase(String serverUrl, String name) {
    int query = serverUrl.indexOf('?');
    String base = query < 0 ? serverUrl : serverUrl.substring(0, query);
    String parameters = query < 0 ? "" : serverUrl.substring(query);
    int hostStart = base.indexOf("//");
    int slash = base.indexOf('/', hostStart < 0 ? 0 : hostStart + 2);
    String server = slash < 0 ? base : base.substring(0, slash);
    return server + "/" + name + parameters;
  }
}
