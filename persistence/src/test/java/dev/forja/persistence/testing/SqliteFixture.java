package dev.forja.persistence.testing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.forja.persistence.db.StoreSettings;
import dev.forja.persistence.journal.JournalConfigs;
import java.nio.file.Path;
import java.util.Map;

/**
 * A fresh SQLite store in a folder the test owns, typically a JUnit {@code @TempDir}: {@code
 * SqliteFixture.settings(dir)} for the stores and {@code SqliteFixture.pluginConfig(dir)} for an
 * actor system whose journal and snapshot store live in the same file.
 */
public final class SqliteFixture {
  private SqliteFixture() {}

  /** The file name of the store inside the folder. */
  public static final String FILE_NAME = "forja.db";

  /** Store settings for {@code dir/forja.db}, with {@code dir} as Forja's home. */
  public static StoreSettings settings(Path dir) {
    Path home = dir.toAbsolutePath();
    return new StoreSettings(
        StoreSettings.Kind.SQLITE,
        home,
        home.resolve(FILE_NAME),
        "jdbc:postgresql://127.0.0.1:5432/forja",
        "postgres",
        "",
        1);
  }

  /**
   * The {@code forja.home} and {@code forja.store} and {@code forja.sqlite.path} keys of {@link
   * #settings(Path)}.
   */
  public static Config config(Path dir) {
    StoreSettings settings = settings(dir);
    return ConfigFactory.parseMap(
        Map.of(
            "forja.home", settings.home().toString(),
            "forja.store", "sqlite",
            "forja.sqlite.path", settings.sqlitePath().toString()));
  }

  /**
   * {@link #config(Path)} with the {@code pekko.persistence.*} settings that select Forja's SQLite
   * journal and snapshot store; unresolved, for the caller to layer over its own and resolve.
   */
  public static Config pluginConfig(Path dir) {
    return config(dir).withFallback(JournalConfigs.forStore(settings(dir)));
  }
}
