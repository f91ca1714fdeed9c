package dev.forja.persistence.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.forja.persistence.db.StoreSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresFixtureTest {

  @RegisterExtension static PostgresFixture pg = new PostgresFixture();

  @Test
  void registeredFixtureGivesAFreshDatabaseToConnectTo() throws SQLException {
    try (Connection connection = pg.connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT current_database()")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo(pg.databaseName()).startsWith("forja_test_");
    }
    StoreSettings settings = pg.settings();
    assertThat(settings.kind()).isEqualTo(StoreSettings.Kind.POSTGRESQL);
    assertThat(settings.url()).isEqualTo(pg.url()).endsWith("/" + pg.databaseName());
    assertThat(settings.user()).isEqualTo("postgres");
    assertThat(Files.isDirectory(settings.home())).isTrue();
  }

  @Test
  void closeDropsTheDatabaseEvenWithOpenConnections() throws SQLException {
    PostgresFixture own = new PostgresFixture().start();
    String name = own.databaseName();
    Path home = own.settings().home();
    try (Connection connection = own.connect()) {
      assertThat(exists(name)).isTrue();
      own.close();
      assertThatThrownBy(() -> connection.createStatement().execute("SELECT 1"))
          .isInstanceOf(SQLException.class);
    } finally {
      own.close();
    }
    assertThat(exists(name)).isFalse();
    assertThat(Files.exists(home)).isFalse();
  }

  @Test
  void databaseUrlKeepsServerAndParameters() {
    assertThat(PostgresFixture.databaseUrl("jdbc:postgresql://db:6543/postgres?ssl=true", "x"))
        .isEqualTo("jdbc:postgresql://db:6543/x?ssl=true");
    assertThat(PostgresFixture.databaseUrl("jdbc:postgresql://db/", "x"))
        .isEqualTo("jdbc:postgresql://db/x");
  }

  private static boolean exists(String name) throws SQLException {
    try (Connection connection = pg.connect();
        var statement =
            connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      statement.setString(1, name);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next();
      }
    }
  }
}
