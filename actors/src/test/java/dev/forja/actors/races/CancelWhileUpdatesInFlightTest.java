package dev.forja.actors.races;

import static dev.forja.actors.races.EngineHarness.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.actors.bridge.BridgeActor;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.command.UpdateState;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lessons L4 and L11: three creates are in flight when the command is canceled; their plugin calls
 * complete in every order, some before the cancel and some after. Each root queue has a dependent
 * queue that waits for it, so the cancel also has updates to cancel.
 */
class CancelWhileUpdatesInFlightTest {
  private static final String STACK = "cancel";
  private static final List<String> ROOTS = List.of("q1", "q2", "q3");

  /** Every order of the three completions; the first 0, 1 or 2 of them land before the cancel. */
  static Stream<Arguments> completionOrders() {
    List<Arguments> out = new ArrayList<>();
    List<List<String>> orders = permutations(ROOTS);
    for (int i = 0; i < orders.size(); i++) {
      out.add(Arguments.of(orders.get(i), i % ROOTS.size()));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "completions {0}, the first {1} before the cancel")
  @MethodSource("completionOrders")
  void everyCompletionOrderEndsCanceledWithCompletedCreatesRecorded(
      List<String> order, int beforeCancel) {
    try (EngineHarness h = EngineHarness.create()) {
      h.spawn();
      ROOTS.forEach(h.plugin::hold);
      String id =
          h.submit(
              SimFormas.stack(STACK)
                  .queue("q1")
                  .queue("q2")
                  .queue("q3")
                  .queueFeeding("d1", "q1")
                  .queueFeeding("d2", "q2")
                  .queueFeeding("d3", "q3")
                  .json());
      h.waitUntil(() -> assertThat(h.plugin.heldLabels()).hasSameElementsAs(ROOTS));

      for (String root : order.subList(0, beforeCancel)) {
        completeNow(h, id, root);
      }
      BridgeActor.CancelReply reply = h.cancel(id);
      assertThat(reply).isEqualTo(new BridgeActor.Canceling(id, CommandState.CANCELING));
      // L11: visible at once, while calls are still in flight.
      assertThat(h.status(id).state()).isEqualTo(CommandState.CANCELING);
      for (String root : order.subList(beforeCancel, order.size())) {
        completeNow(h, id, root);
      }

      FormaCommand end = h.awaitEnd(id);
      assertThat(end.state()).isEqualTo(CommandState.CANCELED);
      assertThat(end.updates()).allSatisfy(u -> assertThat(u.state().isFinal()).isTrue());
      for (String root : ROOTS) {
        assertRecorded(h, update(end, root));
      }
      for (int i = 0; i < ROOTS.size(); i++) {
        ResourceUpdate dependent = update(end, "d" + (i + 1));
        boolean rootDoneBeforeCancel = order.subList(0, beforeCancel).contains(ROOTS.get(i));
        if (dependent.state() == UpdateState.SUCCESS) {
          assertThat(rootDoneBeforeCancel)
              .as("%s ran, so its root must have ended before the cancel", dependent.label())
              .isTrue();
          assertRecorded(h, dependent);
        } else {
          // Not started at the cancel: canceled without a plugin call.
          assertThat(dependent.state()).as(dependent.label()).isEqualTo(UpdateState.CANCELED);
          assertThat(h.plugin.callCount(dependent.label())).isZero();
          assertThat(h.inInventory(dependent)).isEmpty();
          assertThat(h.inCloud(SimFormas.queueName(STACK, dependent.label()))).isEmpty();
        }
      }
      // No crash: the engine still answers and still takes new work.
      String next = h.submit(SimFormas.stack("after").queue("later").json());
      assertThat(h.awaitEnd(next).state()).isEqualTo(CommandState.SUCCESS);
    }
  }

  /** Lets {@code root}'s held create reach the cloud and waits until its update has ended. */
  private static void completeNow(EngineHarness h, String id, String root) {
    assertThat(h.plugin.release(root)).isEqualTo(1);
    assertThat(h.awaitFinal(id, root).state()).isEqualTo(UpdateState.SUCCESS);
  }

  /**
   * A successful create: recorded Success, in the inventory with its native id, once in the cloud.
   */
  private static void assertRecorded(EngineHarness h, ResourceUpdate u) {
    assertThat(u.state()).as(u.label()).isEqualTo(UpdateState.SUCCESS);
    assertThat(u.nativeId()).as(u.label()).isNotNull();
    assertThat(h.inInventory(u))
        .as(u.label())
        .hasValueSatisfying(r -> assertThat(r.nativeId()).isEqualTo(u.nativeId()));
    assertThat(h.inCloud(SimFormas.queueName(STACK, u.label()))).as(u.label()).hasSize(1);
  }

  private static List<List<String>> permutations(List<String> items) {
    if (items.isEmpty()) {
      return List.of(List.of());
    }
    List<List<String>> out = new ArrayList<>();
    for (String first : items) {
      List<String> rest = new ArrayList<>(items);
      rest.remove(first);
      for (List<String> tail : permutations(rest)) {
        List<String> p = new ArrayList<>();
        p.add(first);
        p.addAll(tail);
        out.add(p);
      }
    }
    return out;
  }
}
