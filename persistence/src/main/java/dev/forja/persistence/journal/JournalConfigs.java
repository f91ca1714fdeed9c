package dev.forja.persistence.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import dev.forja.persistence.db.StoreSettings;
import java.util.Map;

/** The {@code pekko.persistence.*} settings that select the journal of a store kind. */
public final class JournalConfigs {
  private JournalConfigs() {}

  /** The class-path resource for SQLite. */
  public static final String SQLITE_RESOURCE = "forja-sqlite.conf";

  /** The class-path resource for PostgreSQL. */
  public static final String POSTGRESQL_RESOURCE = "forja-postgresql.conf";

  /**
   * The unresolved settings that select and configure the journal and snapshot store of {@code
   * settings.kind()}: the content of {@code forja-sqlite.conf} or {@code forja-postgresql.conf}.
   * Layer them under the service's config and resolve: {@code
   * config.withFallback(forStore(settings)).resolve()}. For the memory store they are empty: the
   * caller picks Pekko's in-memory journal and a snapshot store of its own.
   */
  public static Config forStore(StoreSettings settings) {
    return switch (settings.kind()) {
      case SQLITE -> resource(SQLITE_RESOURCE);
      case POSTGRESQL -> postgresql(settings);
      case MEMORY -> ConfigFactory.empty();
    };
  }

  /**
   * {@code forja-postgresql.conf} pinned to the database of {@code settings}, the one {@code
   * Databases.acquire} migrated, whatever the substitutions of the caller's config would say.
   */
  private static Config postgresql(StoreSettings settings) {
    String db = "pekko-persistence-jdbc.shared-databases.forja.db.";
    return ConfigFactory.parseMap(
            Map.of(
                db + "url", settings.url(),
                db + "user", settings.user(),
                db + "password", settings.password(),
                db + "numThreads", settings.poolSize(),
                db + "maxConnections", settings.poolSize(),
                db + "minConnections", settings.poolSize()))
        .withFallback(resource(POSTGRESQL_RESOURCE));
  }

  private static Config resource(String name) {
    return ConfigFactory.parseResources(
        JournalConfigs.class.getClassLoader(),
        name,
        ConfigParseOptions.defaults().setAllowMissing(false));
  }
}
