package dev.forja.loadtest.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.actors.command.CommandProgress;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.model.InventoryResource;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the engine scenario times updates from a command's progress stream. */
class UpdateDurationsTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private static CommandProgress progress(String ksuid, UpdateState state, long atMillis) {
    ResourceUpdate u =
        new ResourceUpdate(
            ksuid,
            "s",
            ksuid,
            "SIM::T",
            "t",
            Operation.DELETE,
            state,
            null,
            new InventoryResource(ksuid, "s", ksuid, "SIM::T", "t", "n", true, null, null),
            null,
            false,
            1,
            "n",
            null,
            null);
    return new CommandProgress("c", CommandState.IN_PROGRESS, Map.of(), u, T0.plusMillis(atMillis));
  }

  @Test
  void timesEachUpdateFromItsFirstRecordedChangeToItsFinalOne() {
    UpdateDurations d = new UpdateDurations();

    d.accept(progress("a", UpdateState.IN_PROGRESS, 0));
    d.accept(progress("b", UpdateState.IN_PROGRESS, 5));
    d.accept(progress("a", UpdateState.IN_PROGRESS, 7)); // its request token: not a new start
    d.accept(progress("a", UpdateState.SUCCESS, 20));
    d.accept(progress("b", UpdateState.SUCCESS, 45));

    assertThat(d.measured()).isEqualTo(2);
    assertThat(d.unmeasured()).isZero();
    assertThat(d.micros().getMinValue()).isBetween(19_900L, 20_100L);
    assertThat(d.micros().getMaxValue()).isBetween(39_900L, 40_100L);
  }

  @Test
  void countsAnUpdateWhoseStartCameBeforeTheSubscriptionAsUnmeasured() {
    UpdateDurations d = new UpdateDurations();

    d.accept(progress("a", UpdateState.SUCCESS, 20));

    assertThat(d.measured()).isZero();
    assertThat(d.unmeasured()).isEqualTo(1);
    assertThat(d.finalSeen()).isNotDone();
  }
}
