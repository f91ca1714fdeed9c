package dev.forja.engine.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.forja.engine.schema.ResourceTypeSchema;
import java.util.List;
import java.util.Map;
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
  void twoNamespacesMayServeOneTypeWithTheSameSchemaButNotWithDifferentOnes() {
    ResourcePlugin mirror =
        new EchoPlugin() {
          @Override
          public String namespace() {
            return "MIRROR";
          }
        };
    assertThat(PluginRegistry.of(List.of(new EchoPlugin(), mirror)).schemas().types())
        .containsExactly("Echo::Thing");
    ResourcePlugin conflicting =
        new EchoPlugin() {
          @Override
          public String namespace() {
            return "OTHER";
          }

          @Override
          public List<ResourceTypeSchema> resourceTypes() {
            return List.of(
                new ResourceTypeSchema("Echo::Thing", "Id", Map.of(), List.of(), false, false));
          }
        };
    assertThatThrownBy(() -> PluginRegistry.of(List.of(new EchoPlugin(), conflicting)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ECHO")
        .hasMessageContaining("OTHER")
        .hasMessageContaining("Echo::Thing");
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
