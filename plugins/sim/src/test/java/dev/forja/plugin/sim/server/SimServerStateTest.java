package dev.forja.plugin.sim.server;

import static dev.forja.plugin.sim.server.ServerClients.awaitEnd;
import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.plugin.sim.cloud.SimCloud;
import dev.forja.plugin.sim.cloud.SimSettings;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudcontrol.CloudControlClient;
import software.amazon.awssdk.services.cloudcontrol.model.OperationStatus;
import software.amazon.awssdk.services.cloudcontrol.model.ProgressEvent;

/** {@code --state FILE}: what the cloud holds outlives the server. */
class SimServerStateTest {
  private static final String LOG_GROUP = "AWS::Logs::LogGroup";

  @Test
  void resourcesSurviveAStopAndStartOnTheSameFile(@TempDir Path dir) {
    Path state = dir.resolve("sim.json");
    String id;
    try (SimServer first = SimServer.start(SimCloud.persistent(SimSettings.IDEAL, state));
        CloudControlClient sdk = ServerClients.sdk(first)) {
      ProgressEvent started =
          sdk.createResource(
                  r ->
                      r.typeName(LOG_GROUP)
                          .desiredState("{\"LogGroupName\": \"kept\", \"RetentionInDays\": 3}")
                          .clientToken(UUID.randomUUID().toString()))
              .progressEvent();
      ProgressEvent done = awaitEnd(sdk, started.requestToken());
      assertThat(done.operationStatus()).isEqualTo(OperationStatus.SUCCESS);
      id = done.identifier();
    }

    try (SimServer second = SimServer.start(SimCloud.persistent(SimSettings.IDEAL, state));
        CloudControlClient sdk = ServerClients.sdk(second)) {
      assertThat(
              sdk.getResource(r -> r.typeName(LOG_GROUP).identifier(id))
                  .resourceDescription()
                  .properties())
          .contains("kept");
      assertThat(second.cloud().resources()).hasSize(1);
    }
  }
}
