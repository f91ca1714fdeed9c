package dev.forja.actors.resource;

import static dev.forja.actors.resource.UpdaterRig.createUpdate;
import static dev.forja.actors.resource.UpdaterRig.freshKsuid;
import static dev.forja.actors.resource.UpdaterRig.queue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.engine.command.Operation;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.metrics.EngineMetrics;
import dev.forja.engine.plugin.PluginOperation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** What one updater reports to the engine's metrics: its plugin calls, its start and its stop. */
class ResourceUpdaterMetricsTest {
  private static final ActorTestKit testKit = ActorTestKit.create(UpdaterRig.CONFIG);

  private final UpdaterRig rig = new UpdaterRig(testKit);
  private final List<String> reports = new CopyOnWriteArrayList<>();

  ResourceUpdaterMetricsTest() {
    rig.metrics =
        new EngineMetrics() {
          @Override
          public void pluginCall(
              String namespace,
              String type,
              PluginOperation op,
              Duration latency,
              Outcome outcome) {
            reports.add(op + " " + outcome);
          }

          @Override
          public void updateStarted(Operation op) {
            reports.add("started " + op);
          }

          @Override
          public void updateEnded(Operation op, UpdateState finalState) {
            reports.add("ended " + op + " " + finalState);
          }
        };
  }

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @Test
  void aNodeThatEndsReportsItsCallsThenItsFinalState() {
    String ksuid = freshKsuid();

    rig.start(rig.spec(createUpdate(ksuid, queue("m-" + ksuid)), Operation.CREATE));

    assertThat(rig.ended.receiveMessage().state()).isEqualTo(UpdateState.SUCCESS);
    // The stop that reports the end follows the Ended message.
    rig.ended.awaitAssert(
        () ->
            assertThat(reports)
                .containsExactly(
                    "started create",
                    "CREATE IN_PROGRESS",
                    "STATUS SUCCESS",
                    "ended create Success"));
  }

  @Test
  void aNodeStoppedBeforeItsEndLeavesTheInFlightCountWithoutAFinalState() {
    String ksuid = freshKsuid();
    rig.cloud.gate(false);
    try {
      ActorRef<ResourceUpdater.Command> updater =
          rig.start(rig.spec(createUpdate(ksuid, queue("m-" + ksuid)), Operation.CREATE));
      rig.ended.awaitAssert(() -> assertThat(reports).contains("CREATE IN_PROGRESS"));

      testKit.stop(updater);

      assertThat(reports).startsWith("started create").endsWith("ended create null");
    } finally {
      rig.cloud.gate(true);
    }
  }
}
