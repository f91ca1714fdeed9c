package dev.forja.persistence.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StoreSettingsTest {

  private static final String EMPTY =
      "forja.home = \"\"\n"
          + "forja.store = sqlite\n"
          + "forja.sqlite.path = \"\"\n"
          + "forja.postgres.url = \"jdbc:postgresql://127.0.0.1:5432/forja\"\n"
          + "forja.postgres.user = postgres\n"
          + "forja.postgres.password = \"\"\n";

  private static StoreSettings parse(String hocon) {
    return StoreSettings.fromConfig(
        ConfigFactory.parseString(hocon).withFallback(ConfigFactory.parseString(EMPTY)));
  }

  @Test
  void homeIsDotForjaInTheUserHomeWhenNotSet() {
    StoreSettings settings = parse("");

    Path home = Path.of(System.getProperty("user.home"), ".forja").toAbsolutePath();
    assertThat(settings.kind()).isEqualTo(StoreSettings.Kind.SQLITE);
    assertThat(settings.home()).isEqualTo(home);
    assertThat(settings.sqlitePath()).isEqualTo(home.resolve("data/forja.db"));
    assertThat(settings.url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/forja");
    assertThat(settings.user()).isEqualTo("postgres");
    assertThat(settings.password()).isEmpty();
    assertThat(settings.poolSize()).isEqualTo(8);
  }

  @Test
  void theSqliteFileFollowsTheHome() {
    StoreSettings settings = parse("forja.home = /srv/forja");

    assertThat(settings.home()).isEqualTo(Path.of("/srv/forja"));
    assertThat(settings.sqlitePath()).isEqualTo(Path.of("/srv/forja/data/forja.db"));
  }

  @Test
  void explicitValuesOverrideTheDefaults() {
    StoreSettings settings =
        parse(
            "forja.home = /srv/forja\n"
                + "forja.store = PostgreSQL\n"
                + "forja.sqlite.path = /data/state.db\n"
                + "forja.postgres.url = \"jdbc:postgresql://db:5432/prod\"\n"
                + "forja.postgres.user = forja\n"
                + "forja.postgres.password = secret\n"
                + "forja.postgres.pool-size = 3\n");

    assertThat(settings)
        .isEqualTo(
            new StoreSettings(
                StoreSettings.Kind.POSTGRESQL,
                Path.of("/srv/forja"),
                Path.of("/data/state.db"),
                "jdbc:postgresql://db:5432/prod",
                "forja",
                "secret",
                3));
    assertThat(settings.toString()).doesNotContain("secret");
  }

  @Test
  void aTildeMeansTheUserHome() {
    StoreSettings settings = parse("forja.home = \"~/forja-state\"");

    assertThat(settings.home())
        .isEqualTo(Path.of(System.getProperty("user.home"), "forja-state").toAbsolutePath());
  }

  @Test
  void theMemoryKindIsAccepted() {
    assertThat(parse("forja.store = memory").kind()).isEqualTo(StoreSettings.Kind.MEMORY);
  }

  @Test
  void anUnknownKindNamesItsKey() {
    assertThatThrownBy(() -> parse("forja.store = mysql"))
        .isInstanceOf(ConfigException.BadValue.class)
        .hasMessageContaining("forja.store")
        .hasMessageContaining("mysql");
  }

  @Test
  void aPoolSizeBelowOneNamesItsKey() {
    assertThatThrownBy(() -> parse("forja.postgres.pool-size = 0"))
        .isInstanceOf(ConfigException.BadValue.class)
        .hasMessageContaining("forja.postgres.pool-size");
  }

  @Test
  void keysMissingFromTheConfigComeFromTheReference() {
    StoreSettings settings =
        StoreSettings.fromConfig(ConfigFactory.parseString("forja.home = /srv/forja"));

    assertThat(settings.home()).isEqualTo(Path.of("/srv/forja"));
    assertThat(settings.poolSize()).isEqualTo(8);
  }
}
