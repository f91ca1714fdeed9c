package dev.forja.persistence.store;

import dev.forja.persistence.db.StoreSettings;
import dev.forja.persistence.testing.SqliteFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The inventory contract on SQLite, in a file of its own. */
class SqliteInventoryStoreTest extends JdbcInventoryStoreContract {

  @TempDir static Path dir;

  @Override
  protected StoreSettings settings() {
    return SqliteFixture.settings(dir);
  }
}
