package dev.forja.persistence.testing;

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
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * A fresh PostgreSQL database {@code forja_test_<random>} for one test class or one benchmark run,
 * dropped afterwards.
 *
 * <p>As a JUnit 5 extension: {@code @RegisterExtension static PostgresFixture pg = new
 * PostgresFixture();} creates the database before the class's tests and drops it after them. As a
 * plain resource: {@code try (PostgresFixture pg = new PostgresFixture().start()) {...}}.
 *
 * <p>It connects to the server's {@code postgres} database at {@code 127.0.0.1:5432} as user {@code
 * postgres} (trust auth); the environment variable {@code FORJA_TEST_PG_URL} names another server
 * by the JDBC URL of a database to connect to for creating and dropping. When the server cannot be
 * reached, the tests are skipped with a message that says how to start it, unless {@code CI=true},
 * where they fail.
 */
public final class PostgresFixture
    implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback, AutoCloseable {

  /** The user the fixture and the databases it creates use. */
  public static final String USER = "postgres";

  private static final String DEFAULT_SERVER_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
  private static final int POOL_SIZE = 4;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String serverUrl;
  private String databaseName;
  private String url;
  private Path home;
  private String unreachable;

  /** A fixture for the server named by {@code FORJA_TEST_PG_URL}, or the local one. */
  public PostgresFixture() {
    String fromEnv = System.getenv("FORJA_TEST_PG_URL");
    this.serverUrl = fromEnv == null || fromEnv.isBlank() ? DEFAULT_SERVER_URL : fromEnv.strip();
  }

  /**
   * Creates the database; skips the calling test (fails it with {@code CI=true}) when the server is
   * not reachable. Idempotent.
   */
  public synchronized PostgresFixture start() {
    if (url != null) {
      return this;
    }
    String name = "forja_test_" + HexFormat.of().formatHex(randomBytes());
    try (Connection admin = connectToServer();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
    }
    try {
      home = Files.createTempDirectory("forja-pg-home");
    } catch (IOException e) {
      drop(name);
      throw new UncheckedIOException(e);
    }
    databaseName = name;
    url = databaseUrl(serverUrl, name);
    return this;
  }

  /** The name of the database, such as {@code forja_test_3f9a0c1b2d4e}. */
  public synchronized String databaseName() {
    requireStarted();
    return databaseName;
  }

  /** The JDBC URL of the database. */
  public synchronized String url() {
    requireStarted();
    return url;
  }

  /** Store settings for the database, with a temporary home folder deleted on close. */
  public synchronized StoreSettings settings() {
    requireStarted();
    return new StoreSettings(StoreSettings.Kind.POSTGRESQL, home, null, url, USER, "", POOL_SIZE);
  }

  /** A new connection to the database; the caller closes it. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), credentials());
  }

  /** Drops the database (closing whatever connections remain) and deletes the home folder. */
  @Override
  public synchronized void close() {
    if (url == null) {
      return;
    }
    try {
      drop(databaseName);
    } finally {
      deleteHome();
      url = null;
      databaseName = null;
      home = null;
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    try {
      start();
    } catch (TestAbortedException e) {
      // Skipped test by test rather than the class at once: the reports then count the skipped
      // tests and show why each was skipped.
      unreachable = e.getMessage();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (unreachable != null) {
      Assumptions.abort(unreachable);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  private Connection connectToServer() {
    try {
      return DriverManager.getConnection(serverUrl, credentials());
    } catch (SQLException e) {
      String message =
          "PostgreSQL not reachable at "
              + serverUrl
              + ": start it (pg_ctlcluster --skip-systemctl-redirect <version> main start) or set"
              + " FORJA_TEST_PG_URL; with CI=true this fails ("
              + e.getMessage()
              + ")";
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(message, e);
      }
      Assumptions.abort(message);
      throw new AssertionError("unreachable", e);
    }
  }

  private void drop(String name) {
    try (Connection admin = DriverManager.getConnection(serverUrl, credentials());
        Statement statement = admin.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop database " + name + ": " + e.getMessage(), e);
    }
  }

  private void deleteHome() {
    if (home == null) {
      return;
    }
    try (var paths = Files.walk(home)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.deleteIfExists(path);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void requireStarted() {
    if (unreachable != null) {
      // Reached from a test's own @BeforeAll: skip the class there.
      Assumptions.abort(unreachable);
    }
    if (url == null) {
      throw new IllegalStateException("PostgresFixture not started: call start() or register it");
    }
  }

  private static Properties credentials() {
    Properties properties = new Properties();
    properties.setProperty("user", USER);
    // Fail fast when nothing listens, so an unreachable server skips the tests quickly.
    properties.setProperty("connectTimeout", "5");
    properties.setProperty("loginTimeout", "10");
    return properties;
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /** The server URL with its database replaced by {@code name}, keeping its parameters. */
  static String databaseUrl(String serverUrl, String name) {
    int query = serverUrl.indexOf('?');
    String base = query < 0 ? serverUrl : serverUrl.substring(0, query);
    String parameters = query < 0 ? "" : serverUrl.substring(query);
    int hostStart = base.indexOf("//");
    int slash = base.indexOf('/', hostStart < 0 ? 0 : hostStart + 2);
    String server = slash < 0 ? base : base.substring(0, slash);
    return server + "/" + name + parameters;
  }
}
