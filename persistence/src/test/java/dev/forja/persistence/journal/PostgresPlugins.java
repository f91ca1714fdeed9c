package dev.forja.persistence.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.forja.persistence.db.StoreSettings;
import java.util.Map;

/** The plugin config of the PostgreSQL suites: the shipped resource on the fixture's database. */
final class PostgresPlugins {
  private PostgresPlugins() {}

  /**
   * {@code forja-postgresql.conf} with the {@code forja.store} and {@code forja.postgres.*} keys of
   * {@code settings}.
   */
  static Config config(StoreSettings settings) {
    return ConfigFactory.parseMap(
            Map.of(
                "forja.store", "postgres",
                "forja.postgres.url", settings.url(),
                "forja.postgres.user", settings.user(),
                "forja.postgres.password", settings.password(),
                "forja.postgres.pool-size", settings.poolSize()))
        .withFallback(JournalConfigs.forStore(settings));
  }
}
