package dev.forja.engine.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PluginRegistryTest {

  @Test
  void findsPluginsThroughServiceLoaderByNamespaceInAnyCase() {
    PluginRegistry r = PluginRegistry.load(getClass().getClassLoader());
    assertThat(r.namespaces()).contains("ECHO");
    assertThat(r.forNamespace("echo")).get().isInstanceOf(EchoPlugin.class);
    assertThat(r.schemas().find("Echo::Thing")).isPresent();
  }

  @Test
  void twoPluginsForOneNamespaceAreRefusedNamingBoth() {
    assertThatThrownBy(() -> PluginRegistry.of(List.of(new EchoPlugin(), new EchoPlugin())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ECHO")
        .hasMessageContaining(EchoPlugin.class.getName());
  }

  @Test
  void aFailureCarriesItsRetryabilityAndAnInProgressResultItsToken() {
    assertThat(
            ProgressResult.failure(PluginOperation.CREATE, ErrorCodes.THROTTLING, "slow down")
                .retryable())
        .isTrue();
    assertThat(
            ProgressResult.failure(PluginOperation.CREATE, ErrorCodes.ACCESS_DENIED, "no")
                .retryable())
        .isFalse();
    assertThatThrownBy(
            () ->
                new ProgressResult(
                    PluginOperation.CREATE,
                    OperationStatus.IN_PROGRESS,
                    null,
                    null,
                    null,
                    null,
                    false,
                    null))
        .hasMessageContaining("request token");
  }
}
