package dev.forja.actors.races;

import static dev.forja.actors.races.EngineHarness.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.actors.bridge.BridgeActor;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.Operation;
import dev.forja.engine.model.ResourceKey;
import org.junit.jupiter.api.Test;

/**
 * Two commands must never drive one resource at once: a second command touching a resource that an
 * unfinished command still has pending is refused, naming that command and the resource.
 */
class ConflictingCommandTest {
  private static final String STACK = "shared";

  @Test
  void secondCommandOnAPendingResourceIsRejectedNamingTheFirstUntilItEnds() {
    try (EngineHarness h = EngineHarness.create()) {
      h.spawn();
      h.plugin.hold("q1");
      String first = h.submit(SimFormas.stack(STACK).queue("q1").queue("q2").json());
      h.waitUntil(() -> assertThat(h.plugin.heldLabels()).containsExactly("q1"));
      String second =
          SimFormas.stack(STACK).queue("q1", "VisibilityTimeout", 60).queue("q2").json();

      BridgeActor.SubmitReply refused = h.submitReply(second);
      assertThat(refused).isInstanceOf(BridgeActor.Conflict.class);
      BridgeActor.Conflict conflict = (BridgeActor.Conflict) refused;
      assertThat(conflict.commandId()).isEqualTo(first);
      assertThat(conflict.resources()).contains(new ResourceKey(STACK, "q1"));
      assertThat(h.status(first).state()).isEqualTo(CommandState.IN_PROGRESS);
      assertThat(h.cloud.oplog()).noneMatch(e -> e.op().equals("Update"));

      h.plugin.stopHolding();
      h.plugin.release("q1");
      assertThat(h.awaitEnd(first).state()).isEqualTo(CommandState.SUCCESS);
      String accepted = h.submit(second);
      FormaCommand end = h.awaitEnd(accepted);
      assertThat(end.state()).isEqualTo(CommandState.SUCCESS);
      assertThat(update(end, "q1").operation()).isEqualTo(Operation.UPDATE);
      assertThat(h.inCloud(SimFormas.queueName(STACK, "q1")))
          .singleElement()
          .satisfies(
              q -> assertThat(q.properties().path("VisibilityTimeout").asInt()).isEqualTo(60));
    }
  }
}
