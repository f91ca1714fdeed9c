package dev.forja.actors.resource;

import static dev.forja.actors.resource.UpdaterRig.QUEUE;
import static dev.forja.actors.resource.UpdaterRig.TARGET;
import static dev.forja.actors.resource.UpdaterRig.createUpdate;
import static dev.forja.actors.resource.UpdaterRig.freshKsuid;
import static dev.forja.actors.resource.UpdaterRig.queue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.actors.command.InFlight;
import dev.forja.actors.resource.internal.NodeCalls;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.plugin.PluginRequests;
import dev.forja.engine.plugin.ProgressResult;
import dev.forja.plugin.sim.cloud.OpLogEntry;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A node whose create was in flight when the engine stopped, driven on through its tokens. */
class ResourceUpdaterResumeTest {
  private static final ActorTestKit testKit = ActorTestKit.create(UpdaterRig.CONFIG);

  private final UpdaterRig rig = new UpdaterRig(testKit);
  private final String ksuid = freshKsuid();
  private final ResourceUpdate update = createUpdate(ksuid, queue("q-" + ksuid));
  private final String clientToken =
      NodeCalls.clientToken(rig.commandId, ksuid, Operation.CREATE, 1);

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  /** The create as the engine sent it before it stopped: the cloud has accepted it. */
  private ProgressResult createSentBeforeTheRestart() {
    rig.cloud.gate(false);
    ProgressResult started =
        rig.sim
            .create(
                new PluginRequests.Create(
                    QUEUE, update.label(), update.desired(), TARGET, clientToken))
            .toCompletableFuture()
            .join();
    rig.cloud.gate(true);
    return started;
  }

  private long creates() {
    return rig.cloud.oplog().stream().map(OpLogEntry::op).filter("Create"::equals).count();
  }

  @Test
  void pollsThroughTheRecordedRequestTokenInsteadOfCreatingAgain() {
    ProgressResult started = createSentBeforeTheRestart();

    rig.start(
        rig.resumed(
            update,
            Operation.CREATE,
            new InFlight(ksuid, Operation.CREATE, 1, clientToken, started.requestToken())));

    assertThat(rig.ended.receiveMessage().state()).isEqualTo(UpdateState.SUCCESS);
    assertThat(creates()).isEqualTo(1);
    assertThat(rig.cloud.resourceCount()).isEqualTo(1);
    // No attempt or token is recorded again. The cache put is a tell to another actor than the
    // persister, so it may arrive after the end; wait for it rather than assume an order.
    rig.ended.awaitAssert(
        () -> {
          assertThat(rig.events).containsExactlyInAnyOrder("put", "finished");
          return null;
        });
    assertThat(rig.inventory.byKsuid(ksuid).orElseThrow().nativeId())
        .isEqualTo(rig.cloud.resources().get(0).identifier());
  }

  @Test
  void repeatsTheCallWithTheRecordedClientTokenWhenNoRequestTokenWasRecorded() {
    createSentBeforeTheRestart();

    rig.start(
        rig.resumed(
            update, Operation.CREATE, new InFlight(ksuid, Operation.CREATE, 1, clientToken, null)));

    assertThat(rig.ended.receiveMessage().state()).isEqualTo(UpdateState.SUCCESS);
    assertThat(rig.cloud.resourceCount()).isEqualTo(1);
    assertThat(rig.cloud.oplog().stream().filter(e -> e.op().equals("Create")))
        .allMatch(e -> clientToken.equals(e.clientToken()));
    assertThat(rig.events).doesNotContain("attempt");
  }

  @Test
  void createsOnceWhenTheRecordedCallNeverReachedTheCloud() {
    rig.start(
        rig.resumed(
            update, Operation.CREATE, new InFlight(ksuid, Operation.CREATE, 2, clientToken, null)));

    assertThat(rig.ended.receiveMessage().state()).isEqualTo(UpdateState.SUCCESS);
    assertThat(creates()).isEqualTo(1);
    assertThat(rig.cloud.resourceCount()).isEqualTo(1);
  }
}
