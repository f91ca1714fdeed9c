package dev.forja.actors.races;

import static dev.forja.actors.races.EngineHarness.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.actors.bridge.BridgeActor;
import dev.forja.actors.command.CommandRegistry;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.plugin.PluginOperation;
import dev.forja.plugin.sim.cloud.OpLogEntry;
import dev.forja.plugin.sim.cloud.SimResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;

/**
 * Lessons L1 and L2: the engine stops in the middle of a command and starts again from its journal.
 * A 30-queue forma: ten roots, each with two queues that wait for it.
 *
 * <ul>
 *   <li>roots r5..r9 and their dependents have finished: their final states must survive (L1);
 *   <li>r0..r2's creates were made but never reached the cloud (held, then lost in the crash):
 *       resumed, they are sent again with the client token persisted before the call;
 *   <li>r3, r4's creates reached the cloud and are still running there (the gate is closed):
 *       resumed, they are polled through their request token, never created again;
 *   <li>the dependents of r0..r4 had not started: they run after the restart (L2).
 * </ul>
 */
class RestartMidCommandTest {
  private static final String STACK = "restart";
  private static final int ROOTS = 10;

  @Test
  void finalStatesSurviveAndInFlightCreatesResumeThroughTheirTokens() {
    try (EngineHarness h = EngineHarness.create()) {
      h.spawn();
      List.of("r0", "r1", "r2", "r3", "r4").forEach(h.plugin::hold);
      String id = h.submit(forma());
      // r5..r9 and their 10 dependents finish; r0..r4 are held at the plugin.
      h.waitUntil(
          () -> {
            assertThat(h.plugin.heldLabels()).hasSize(5);
            assertThat(h.status(id).counts().get(UpdateState.SUCCESS)).isEqualTo(15);
          });
      h.cloud.gate(false);
      h.plugin.release("r3");
      h.plugin.release("r4");
      h.waitUntil(
          () -> {
            for (String label : List.of("r3", "r4")) {
              String token = h.plugin.requestTokenOf(label);
              assertThat(token).as(label).isNotNull();
              assertThat(h.journalMentions(id, token)).as("%s's request token", label).isTrue();
            }
          });
      FormaCommand before = h.status(id);
      assertThat(before.counts().get(UpdateState.SUCCESS)).isEqualTo(15);
      assertThat(before.counts().get(UpdateState.NOT_STARTED)).isEqualTo(10);

      h.plugin.stopHolding();
      h.plugin.dropHeld();
      long restartedAt = System.nanoTime();
      TestProbe<StatusReply<FormaCommand>> first = h.testKit.createTestProbe();
      h.restartAndQueryAtOnce(new BridgeActor.GetCommand(id, first.ref()));

      // L1: nothing final was forgotten or reset by the restart, not even for a moment.
      StatusReply<FormaCommand> firstReply = first.receiveMessage(EngineHarness.QUERY);
      assertThat(firstReply.isSuccess()).as("%s", firstReply).isTrue();
      FormaCommand after = firstReply.getValue();
      for (ResourceUpdate u : before.updates()) {
        if (u.state().isFinal()) {
          ResourceUpdate now = update(after, u.label());
          assertThat(now.state()).as(u.label()).isEqualTo(u.state());
          assertThat(now.nativeId()).as(u.label()).isEqualTo(u.nativeId());
          assertThat(now.attempts()).as(u.label()).isEqualTo(u.attempts());
        }
      }
      h.cloud.gate(true);
      FormaCommand end = h.awaitEnd(id);

      assertThat(end.state()).isEqualTo(CommandState.SUCCESS);
      assertThat(end.counts().get(UpdateState.SUCCESS)).isEqualTo(3 * ROOTS);
      assertExactlyOneCreatePerResource(h, end);
      for (String label : List.of("r0", "r1", "r2")) {
        // The lost call and the resumed one carry the same, persisted, client token.
        List<HeldPlugin.Call> creates = h.plugin.calls(label, PluginOperation.CREATE);
        assertThat(creates).as(label).hasSize(2);
        assertThat(creates.get(1).clientToken()).as(label).isEqualTo(creates.get(0).clientToken());
      }
      for (String label : List.of("r3", "r4")) {
        assertThat(h.plugin.calls(label, PluginOperation.CREATE)).as(label).hasSize(1);
        assertThat(h.plugin.calls(label, PluginOperation.STATUS))
            .as("%s polled after the restart", label)
            .anySatisfy(c -> assertThat(c.nanos()).isGreaterThan(restartedAt));
      }
      for (ResourceUpdate u : before.updates()) {
        if (u.state() == UpdateState.NOT_STARTED) {
          // L2: it never ran before the restart, and did after.
          assertThat(h.plugin.calls(u.label(), PluginOperation.CREATE))
              .as(u.label())
              .singleElement()
              .satisfies(c -> assertThat(c.nanos()).isGreaterThan(restartedAt));
        }
      }
    }
  }

  @Test
  void acceptedCommandThatNeverStartedRunsAfterRestart() {
    try (EngineHarness h = EngineHarness.create()) {
      // As if the engine died right after accepting: registered and accepted, never started.
      DirectCommand c =
          DirectCommand.accept(
              h, SimFormas.stack("stored").queue("a").queue("b").queueFeeding("c", "a").json());
      ActorRef<CommandRegistry.Command> registry = h.testKit.spawn(CommandRegistry.create(10));
      TestProbe<StatusReply<Done>> registered = h.testKit.createTestProbe();
      registry.tell(new CommandRegistry.Register(c.id(), registered.ref()));
      assertThat(registered.receiveMessage(EngineHarness.QUERY).isSuccess()).isTrue();
      h.testKit.stop(registry, EngineHarness.PATIENCE);
      h.testKit.stop(c.persister(), EngineHarness.PATIENCE);
      assertThat(h.plugin.calls()).isEmpty();

      h.spawn();
      FormaCommand end = h.awaitEnd(c.id());
      assertThat(end.state()).isEqualTo(CommandState.SUCCESS);
      assertThat(end.updates()).hasSize(3);
      assertExactlyOneCreatePerResource(h, end);
    }
  }

  /** Ten roots, each the dead-letter queue of two more. */
  private static String forma() {
    SimFormas f = SimFormas.stack(STACK);
    for (int i = 0; i < ROOTS; i++) {
      f.queue("r" + i).queueFeeding("c" + i + "a", "r" + i).queueFeeding("c" + i + "b", "r" + i);
    }
    return f.json();
  }

  /**
   * The cloud holds exactly one queue per update, the one the inventory records, and its operation
   * log exactly one Create per resource: nothing was created twice.
   */
  private static void assertExactlyOneCreatePerResource(EngineHarness h, FormaCommand end) {
    List<SimResource> queues = h.cloud.resources();
    assertThat(queues).hasSize(end.updates().size());
    Map<String, Long> creates =
        h.cloud.oplog().stream()
            .filter(e -> e.op().equals("Create"))
            .collect(Collectors.groupingBy(OpLogEntry::identifier, Collectors.counting()));
    Map<String, SimResource> byId =
        queues.stream().collect(Collectors.toMap(SimResource::identifier, Function.identity()));
    List<String> problems = new ArrayList<>();
    for (ResourceUpdate u : end.updates()) {
      SimResource inCloud = byId.get(u.nativeId());
      if (inCloud == null) {
        problems.add(u.label() + ": no queue " + u.nativeId() + " in the cloud");
        continue;
      }
      if (!h.inInventory(u).map(r -> u.nativeId().equals(r.nativeId())).orElse(false)) {
        problems.add(u.label() + ": not in the inventory as " + u.nativeId());
      }
      long n = creates.getOrDefault(u.nativeId(), 0L);
      if (n != 1) {
        problems.add(u.label() + ": " + n + " creates in the oplog");
      }
    }
    assertThat(problems).isEmpty();
  }
}
