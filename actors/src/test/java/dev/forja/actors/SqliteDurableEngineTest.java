package dev.forja.actors;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.io.TempDir;

/** The engine on its embedded default: SQLite in Forja's home. */
class SqliteDurableEngineTest extends DurableEngineContract {
  @TempDir Path home;

  @Override
  protected Config storeConfig() {
    // Only the home is named: the SQLite file in it is the default.
    return ConfigFactory.empty()
        .withValue("forja.home", ConfigValueFactory.fromAnyRef(home.toString()))
        .withValue("forja.store", ConfigValueFactory.fromAnyRef("sqlite"));
  }

  @Override
  protected Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + home.resolve("data/forja.db"));
  }
}
