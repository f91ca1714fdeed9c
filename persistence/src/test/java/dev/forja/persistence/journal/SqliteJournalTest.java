package dev.forja.persistence.journal;

import com.typesafe.config.Config;
import dev.forja.persistence.testing.SqliteFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@link JournalContract} against Forja's SQLite journal, on a fresh file per test. */
class SqliteJournalTest extends JournalContract {

  @TempDir Path dir;

  @Override
  protected Config pluginConfig() {
    return SqliteFixture.pluginConfig(dir);
  }
}
