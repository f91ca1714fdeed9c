package dev.forja.persistence.store;

import dev.forja.persistence.db.StoreSettings;
import dev.forja.persistence.testing.PostgresFixture;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The command read-model contract on PostgreSQL, in a database of its own dropped afterwards. */
class PostgresCommandStoreTest extends JdbcCommandStoreContract {

  @RegisterExtension static final PostgresFixture PG = new PostgresFixture();

  @Override
  protected StoreSettings settings() {
    return PG.settings();
  }
}
