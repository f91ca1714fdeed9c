package dev.forja.actors.races;

import static dev.forja.actors.races.EngineHarness.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.plugin.ErrorCodes;
import dev.forja.plugin.sim.cloud.FailureRule;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A parent whose create fails for good takes its whole subtree with it, without a plugin call for
 * any of them, while what does not depend on it carries on.
 *
 * <pre>
 *   parent ◄── child1 ◄── grandchild
 *          ◄── child2
 *   sibling1   sibling2 ◄── nephew   topic   bucket ◄── policy
 * </pre>
 */
class FailedParentTest {
  private static final String STACK = "family";

  @Test
  void failsTransitiveDependentsWithoutCallingThePluginWhileSiblingsSucceed() {
    try (EngineHarness h = EngineHarness.create()) {
      h.spawn();
      h.cloud.addRule(
          new FailureRule(
              "Create",
              SimFormas.QUEUE,
              SimFormas.queueName(STACK, "parent"),
              ErrorCodes.INVALID_REQUEST,
              1));
      String id =
          h.submit(
              SimFormas.stack(STACK)
                  .queue("parent")
                  .queueFeeding("child1", "parent")
                  .queueFeeding("grandchild", "child1")
                  .queueFeeding("child2", "parent")
                  .queue("sibling1")
                  .queue("sibling2")
                  .queueFeeding("nephew", "sibling2")
                  .topic("topic")
                  .bucket("bucket")
                  .bucketPolicy("policy", "bucket")
                  .json());

      FormaCommand end = h.awaitEnd(id);
      assertThat(end.state()).isEqualTo(CommandState.FAILED);
      ResourceUpdate parent = update(end, "parent");
      assertThat(parent.state()).isEqualTo(UpdateState.FAILED);
      assertThat(parent.errorCode()).isEqualTo(ErrorCodes.INVALID_REQUEST);
      assertThat(parent.attempts()).as("not retryable").isEqualTo(1);
      assertThat(h.inInventory(parent)).isEmpty();

      for (String label : List.of("child1", "grandchild", "child2")) {
        ResourceUpdate u = update(end, label);
        assertThat(u.state()).as(label).isEqualTo(UpdateState.FAILED);
        assertThat(u.errorCode()).as(label).isEqualTo(ErrorCodes.DEPENDENCY_FAILED);
        assertThat(u.attempts()).as(label).isZero();
        assertThat(h.plugin.callCount(label)).as("plugin calls for " + label).isZero();
        assertThat(h.inInventory(u)).as(label).isEmpty();
      }
      List<String> independent =
          List.of("sibling1", "sibling2", "nephew", "topic", "bucket", "policy");
      for (String label : independent) {
        ResourceUpdate u = update(end, label);
        assertThat(u.state()).as(label).isEqualTo(UpdateState.SUCCESS);
        assertThat(h.inInventory(u)).as(label).isPresent();
      }
      for (String label : List.of("sibling1", "sibling2", "nephew")) {
        assertThat(h.inCloud(SimFormas.queueName(STACK, label))).as(label).hasSize(1);
      }
      assertThat(h.cloud.resourceCount()).isEqualTo(independent.size());
    }
  }
}
