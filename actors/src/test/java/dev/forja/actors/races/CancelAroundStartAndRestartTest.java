package dev.forja.actors.races;

import static dev.forja.actors.races.EngineHarness.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.actors.bridge.BridgeActor;
import dev.forja.actors.changeset.ChangesetExecutor;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.plugin.PluginOperation;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;

/**
 * Cancels that race the start of a command, and a cancel that a restart interrupts. The first two
 * drive the executor directly, since only there can a cancel reach it before its Start.
 */
class CancelAroundStartAndRestartTest {
  private static final String FORMA =
      SimFormas.stack("early").queue("q1").queue("q2").queueFeeding("d1", "q1").json();

  @Test
  void cancelBeforeStartCancelsEveryUpdateWithoutAPluginCall() {
    try (EngineHarness h = EngineHarness.create()) {
      DirectCommand c = DirectCommand.accept(h, FORMA);
      TestProbe<ChangesetExecutor.Ended> ended = h.testKit.createTestProbe();
      ActorRef<ChangesetExecutor.Command> executor = c.executor(h, ended.ref());

      TestProbe<StatusReply<CommandState>> canceled = h.testKit.createTestProbe();
      executor.tell(new ChangesetExecutor.Cancel(canceled.ref()));
      StatusReply<CommandState> reply = canceled.receiveMessage(EngineHarness.QUERY);
      assertThat(reply.isSuccess()).as("cancel: %s", reply).isTrue();
      assertThat(reply.getValue()).isIn(CommandState.CANCELING, CommandState.CANCELED);

      ended.expectMessage(
          EngineHarness.PATIENCE, new ChangesetExecutor.Ended(c.id(), CommandState.CANCELED));
      assertCanceledUntouched(h, c.id());
    }
  }

  @Test
  void startAfterCancelStartsNothing() {
    try (EngineHarness h = EngineHarness.create()) {
      DirectCommand c = DirectCommand.accept(h, FORMA);
      TestProbe<ChangesetExecutor.Ended> ended = h.testKit.createTestProbe();
      ActorRef<ChangesetExecutor.Command> executor = c.executor(h, ended.ref());

      TestProbe<StatusReply<CommandState>> canceled = h.testKit.createTestProbe();
      executor.tell(new ChangesetExecutor.Cancel(canceled.ref()));
      // Right behind the cancel, before the executor can have ended: a late Start.
      executor.tell(ChangesetExecutor.Start.INSTANCE);
      assertThat(canceled.receiveMessage(EngineHarness.QUERY).isSuccess()).isTrue();
      ended.expectMessage(
          EngineHarness.PATIENCE, new ChangesetExecutor.Ended(c.id(), CommandState.CANCELED));

      // And one after it ended.
      executor.tell(ChangesetExecutor.Start.INSTANCE);
      ended.expectNoMessage(Duration.ofMillis(200));
      assertCanceledUntouched(h, c.id());
    }
  }

  @Test
  void cancelThenRestartEndsCanceledAfterTheRestartWithTheHeldCreateRecorded() {
    try (EngineHarness h = EngineHarness.create()) {
      h.spawn();
      h.plugin.hold("q1");
      String id = h.submit(FORMA);
      h.waitUntil(() -> assertThat(h.plugin.heldLabels()).containsExactly("q1"));
      assertThat(h.awaitFinal(id, "q2").state()).isEqualTo(UpdateState.SUCCESS);

      assertThat(h.cancel(id)).isEqualTo(new BridgeActor.Canceling(id, CommandState.CANCELING));
      FormaCommand before = h.status(id);
      assertThat(update(before, "d1").state()).isEqualTo(UpdateState.CANCELED);

      h.restart();
      FormaCommand resumed = h.status(id);
      assertThat(resumed.state()).isEqualTo(CommandState.CANCELING);
      assertThat(update(resumed, "q2").state()).isEqualTo(UpdateState.SUCCESS);
      assertThat(update(resumed, "d1").state()).isEqualTo(UpdateState.CANCELED);
      // The resumed updater repeats q1's create with the token persisted before the restart.
      h.waitUntil(() -> assertThat(h.plugin.heldLabels()).containsExactly("q1", "q1"));
      List<String> tokens =
          h.plugin.calls("q1", PluginOperation.CREATE).stream()
              .map(HeldPlugin.Call::clientToken)
              .distinct()
              .toList();
      assertThat(tokens).hasSize(1);

      // Both reach the cloud: the dead engine's call, then the resumed one, which it replays.
      assertThat(h.plugin.release("q1")).isEqualTo(2);
      FormaCommand end = h.awaitEnd(id);
      assertThat(end.state()).isEqualTo(CommandState.CANCELED);
      ResourceUpdate q1 = update(end, "q1");
      assertThat(q1.state()).isEqualTo(UpdateState.SUCCESS);
      assertThat(h.inInventory(q1))
          .hasValueSatisfying(r -> assertThat(r.nativeId()).isEqualTo(q1.nativeId()));
      assertThat(h.inCloud(SimFormas.queueName("early", "q1"))).hasSize(1);
      assertThat(update(end, "d1").state()).isEqualTo(UpdateState.CANCELED);
      assertThat(h.plugin.callCount("d1")).isZero();
    }
  }

  /** The read model says Canceled with every update Canceled; no plugin was ever called. */
  private static void assertCanceledUntouched(EngineHarness h, String id) {
    FormaCommand stored = h.commands.find(id).orElseThrow();
    assertThat(stored.state()).isEqualTo(CommandState.CANCELED);
    assertThat(stored.updates())
        .allSatisfy(u -> assertThat(u.state()).isEqualTo(UpdateState.CANCELED));
    assertThat(h.plugin.calls()).isEmpty();
    assertThat(h.cloud.oplog()).isEmpty();
    assertThat(h.inventory.snapshot().all()).isEmpty();
  }
}
