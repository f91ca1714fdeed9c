package dev.forja.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code forja.agent.*} and the binding rule. */
class AgentSettingsTest {
  @Test
  void defaultsAreLoopbackOnTheAgentPortWithoutATokenAnd16MiB() {
    AgentSettings s = AgentSettings.fromConfig(ConfigFactory.empty());

    assertThat(s.host()).isEqualTo("127.0.0.1");
    assertThat(s.port()).isEqualTo(49_700);
    assertThat(s.maxBodyBytes()).isEqualTo(16L * 1024 * 1024);
    if (System.getenv("FORJA_AGENT_TOKEN") == null) {
      assertThat(s.token()).isEmpty();
    }
    assertThat(s).isEqualTo(s.withPort(49_700));
  }

  @Test
  void readsEveryKey() {
    AgentSettings s =
        AgentSettings.fromConfig(
            ConfigFactory.parseString(
                "forja.agent { host = \"0.0.0.0\", port = 8080, token = abc,"
                    + " max-body-bytes = 1 MiB }"));

    assertThat(s).isEqualTo(new AgentSettings("0.0.0.0", 8080, Optional.of("abc"), 1024L * 1024));
    assertThat(s.toString()).doesNotContain("abc");
  }

  @Test
  void aBadValueNamesItsKey() {
    assertThatThrownBy(
            () -> AgentSettings.fromConfig(ConfigFactory.parseString("forja.agent.port = 70000")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("forja.agent")
        .hasMessageContaining("70000");
  }

  @Test
  void onlyLoopbackMayGoWithoutAToken() {
    AgentSettings.defaults().requireSafeBinding();
    AgentSettings.defaults().withHost("localhost").requireSafeBinding();
    AgentSettings.defaults().withHost("0.0.0.0").withToken("t").requireSafeBinding();

    assertThatThrownBy(() -> AgentSettings.defaults().withHost("0.0.0.0").requireSafeBinding())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("FORJA_AGENT_TOKEN");
    assertThat(AgentSettings.defaults().withToken("  ").token()).isEmpty();
  }
}
