package dev.forja.persistence.journal;

import com.typesafe.config.Config;
import dev.forja.persistence.testing.SqliteFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@link SnapshotStoreContract} against Forja's SQLite snapshot store, on a fresh file. */
class SqliteSnapshotStoreTest extends SnapshotStoreContract {

  @TempDir Path dir;

  @Override
  protected Config pluginConfig() {
    return SqliteFixture.pluginConfig(dir);
  }
}
