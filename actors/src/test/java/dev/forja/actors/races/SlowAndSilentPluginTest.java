package dev.forja.actors.races;

import static dev.forja.actors.races.EngineHarness.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.plugin.ErrorCodes;
import dev.forja.engine.plugin.PluginOperation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Lesson L3: every wait of the engine outlasts what it waits on. Plugin calls time out after 1s
 * here, and status is polled every 20ms.
 */
class SlowAndSilentPluginTest {
  private static final String STACK = "slow";

  @Test
  void callAnsweringAfterSeveralStatusIntervalsSucceedsWithoutBeingDeclaredMissing() {
    try (EngineHarness h = EngineHarness.create(EngineHarness::shortCalls)) {
      h.spawn();
      Duration interval = h.context.settings().statusCheckInterval();
      // Ten intervals per call, create and status polls alike: well inside the 1s call timeout.
      h.plugin.answerAfter("slow", interval.multipliedBy(10));
      String id = h.submit(SimFormas.stack(STACK).queue("slow").queue("quick").json());

      FormaCommand end = h.awaitEnd(id);
      assertThat(end.state()).isEqualTo(CommandState.SUCCESS);
      ResourceUpdate slow = update(end, "slow");
      assertThat(slow.state()).isEqualTo(UpdateState.SUCCESS);
      assertThat(slow.attempts()).isEqualTo(1);
      assertThat(h.plugin.calls("slow", PluginOperation.CREATE)).hasSize(1);
      assertThat(h.inCloud(SimFormas.queueName(STACK, "slow"))).hasSize(1);
      assertThat(h.inInventory(slow)).isPresent();
    }
  }

  @Test
  void callThatNeverAnswersFailsItsUpdateAndTheCommandStillEnds() {
    try (EngineHarness h = EngineHarness.create(EngineHarness::shortCalls)) {
      h.spawn();
      h.plugin.neverAnswer("stuck");
      String id =
          h.submit(
              SimFormas.stack(STACK)
                  .queue("stuck")
                  .queueFeeding("after-stuck", "stuck")
                  .queue("fine")
                  .json());

      // awaitEnd polls the bridge every 20ms and each poll must answer within 2s: the engine
      // answers queries throughout, while calls hang.
      FormaCommand end = h.awaitEnd(id);
      assertThat(end.state()).isEqualTo(CommandState.FAILED);
      ResourceUpdate stuck = update(end, "stuck");
      assertThat(stuck.state()).isEqualTo(UpdateState.FAILED);
      assertThat(stuck.errorCode()).isEqualTo(ErrorCodes.TIMEOUT);
      assertThat(update(end, "after-stuck").state()).isEqualTo(UpdateState.FAILED);
      assertThat(update(end, "fine").state()).isEqualTo(UpdateState.SUCCESS);
      // A call that timed out may have reached the cloud: every retry reuses its client token.
      int attempts = h.context.settings().maxRetries() + 1;
      assertThat(h.plugin.calls("stuck", PluginOperation.CREATE))
          .hasSizeBetween(1, attempts)
          .extracting(HeldPlugin.Call::clientToken)
          .containsOnly(h.plugin.calls("stuck", PluginOperation.CREATE).get(0).clientToken());
      assertThat(h.plugin.callCount("after-stuck")).isZero();
    }
  }
}
