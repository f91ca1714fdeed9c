package dev.forja.actors;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.forja.persistence.testing.PostgresFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The engine on PostgreSQL, in a database of its own that is dropped afterwards. */
class PostgresDurableEngineTest extends DurableEngineContract {
  @RegisterExtension static final PostgresFixture PG = new PostgresFixture();

  @TempDir Path home;

  @Override
  protected Config storeConfig() {
    return ConfigFactory.empty()
        .withValue("forja.home", ConfigValueFactory.fromAnyRef(home.toString()))
        .withValue("forja.store", ConfigValueFactory.fromAnyRef("postgres"))
        .withValue("forja.postgres.url", ConfigValueFactory.fromAnyRef(PG.url()))
        .withValue("forja.postgres.user", ConfigValueFactory.fromAnyRef(PostgresFixture.USER));
  }

  @Override
  protected Connection connect() throws SQLException {
    return PG.connect();
  }
}
