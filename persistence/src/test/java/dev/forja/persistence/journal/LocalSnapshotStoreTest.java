package dev.forja.persistence.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link SnapshotStoreContract} against Pekko's local (file) snapshot store in a temporary
 * folder: a check of the suite itself, independent of Forja's plugins.
 */
class LocalSnapshotStoreTest extends SnapshotStoreContract {

  @TempDir Path dir;

  @Override
  protected Config pluginConfig() {
    return ConfigFactory.parseString(
            String.join(
                "\n",
                "pekko.persistence.journal.plugin = \"pekko.persistence.journal.inmem\"",
                "pekko.persistence.snapshot-store.plugin ="
                    + " \"pekko.persistence.snapshot-store.local\""))
        .withValue(
            "pekko.persistence.snapshot-store.local.dir",
            ConfigValueFactory.fromAnyRef(dir.toString()));
  }
}
