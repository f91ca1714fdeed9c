package dev.forja.actors.bridge;

import static dev.forja.actors.bridge.BridgeFixtures.PATIENCE;
import static dev.forja.actors.bridge.BridgeFixtures.PROMPT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.actors.ForjaGuardian;
import dev.forja.actors.command.CommandProgress;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.model.Forma;
import dev.forja.engine.model.ResourceKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.apache.pekko.persistence.testkit.javadsl.SnapshotTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bridge with the whole engine behind it (a {@link ForjaGuardian}) and the simulator: what a
 * submitter sees from acceptance to the end. The simulator's gate holds plugin operations in
 * progress where a story needs a command in flight.
 */
@ExtendWith({TestKitJUnit5Extension.class, LogCapturingExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BridgeEndToEndTest {
  @JUnit5TestKit
  ActorTestKit testKit = new JUnit5TestKitBuilder().withCustomConfig(BridgeFixtures.CONFIG).build();

  private BridgeFixtures world;
  private ActorRef<BridgeActor.Command> engine;

  @BeforeEach
  void freshEngine() {
    // The registry's persistence id is one per journal: every story starts from an empty one.
    PersistenceTestKit.create(testKit.system()).clearAll();
    SnapshotTestKit.create(testKit.system()).clearAll();
    world = new BridgeFixtures();
    engine = testKit.spawn(ForjaGuardian.create(world.context));
  }

  @AfterEach
  void stopEngine() {
    world.cloud.gate(true);
    testKit.stop(engine, PATIENCE);
  }

  private BridgeActor.SubmitReply submit(BridgeActor.SubmitRequest request) {
    TestProbe<BridgeActor.SubmitReply> reply = testKit.createTestProbe();
    engine.tell(new BridgeActor.Submit(request, reply.ref()));
    return reply.receiveMessage(PROMPT);
  }

  private String accepted(Forma forma) {
    BridgeActor.SubmitReply reply = submit(BridgeFixtures.apply(forma));
    assertThat(reply).isInstanceOf(BridgeActor.Accepted.class);
    return ((BridgeActor.Accepted) reply).commandId();
  }

  private FormaCommand status(String id) {
    TestProbe<StatusReply<FormaCommand>> probe = testKit.createTestProbe();
    engine.tell(new BridgeActor.GetCommand(id, probe.ref()));
    StatusReply<FormaCommand> reply = probe.receiveMessage(PROMPT);
    assertThat(reply.isSuccess()).as("status of %s: %s", id, reply).isTrue();
    return reply.getValue();
  }

  private FormaCommand awaitState(String id, CommandState state) {
    return testKit
        .createTestProbe()
        .awaitAssert(
            PATIENCE,
            Duration.ofMillis(20),
            () -> {
              FormaCommand c = status(id);
              assertThat(c.state()).isEqualTo(state);
              return c;
            });
  }

  @Test
  void reapplyingAfterSuccessHasNoChanges() {
    Forma forma = world.read(BridgeFixtures.queuesJson(BridgeFixtures.freshStack()));
    String id = accepted(forma);

    awaitState(id, CommandState.SUCCESS);

    assertThat(world.cloud.resourceCount()).isEqualTo(3);
    assertThat(submit(BridgeFixtures.apply(forma))).isEqualTo(new BridgeActor.NoChanges());
  }

  @Test
  void aConflictNamesTheCommandInFlightAndOnlyTheSharedResources() {
    String stack = BridgeFixtures.freshStack();
    world.cloud.gate(false);
    String first = accepted(world.read(BridgeFixtures.queuesJson(stack)));
    String overlapping =
        """
        {"Stacks": [{"Label": "%1$s"}], "Targets": [{"Label": "sim", "Namespace": "SIM"}],
         "Resources": [
           {"Label": "events", "Type": "AWS::SQS::Queue", "Properties": {"QueueName": "%1$s-e2"}},
           {"Label": "extra", "Type": "AWS::SQS::Queue", "Properties": {"QueueName": "%1$s-x"}}]}
        """
            .formatted(stack);

    BridgeActor.SubmitReply reply = submit(BridgeFixtures.apply(world.read(overlapping)));

    assertThat(reply)
        .isEqualTo(new BridgeActor.Conflict(first, List.of(new ResourceKey(stack, "events"))));
    world.cloud.gate(true);
    awaitState(first, CommandState.SUCCESS);
  }

  @Test
  void aSubscriberFollowsTheCommandToItsFinalProgressAndNoFurther() {
    world.cloud.gate(false);
    String id = accepted(world.read(BridgeFixtures.queuesJson(BridgeFixtures.freshStack())));
    TestProbe<CommandProgress> progress = testKit.createTestProbe();

    engine.tell(new BridgeActor.Subscribe(id, progress.ref()));
    world.cloud.gate(true);

    List<CommandProgress> seen = new ArrayList<>();
    CommandProgress p;
    do {
      p = progress.receiveMessage(PATIENCE);
      assertThat(p.commandId()).isEqualTo(id);
      seen.add(p);
    } while (!p.isFinal());
    assertThat(p.state()).isEqualTo(CommandState.SUCCESS);
    assertThat(seen).anySatisfy(s -> assertThat(s.update()).isNotNull());
    progress.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void cancelReachesTheRunningCommand() {
    world.cloud.gate(false);
    String id = accepted(world.read(BridgeFixtures.queuesJson(BridgeFixtures.freshStack())));
    TestProbe<BridgeActor.CancelReply> cancel = testKit.createTestProbe();

    engine.tell(new BridgeActor.Cancel(id, cancel.ref()));

    BridgeActor.CancelReply reply = cancel.receiveMessage(PROMPT);
    assertThat(reply).isInstanceOf(BridgeActor.Canceling.class);
    world.cloud.gate(true);
    awaitState(id, CommandState.CANCELED);
  }

  @Test
  void aRestartedEngineResumesTheCommandAndStillRefusesConflictsWithIt() {
    Forma forma = world.read(BridgeFixtures.queuesJson(BridgeFixtures.freshStack()));
    world.cloud.gate(false);
    String id = accepted(forma);
    awaitState(id, CommandState.IN_PROGRESS);

    testKit.stop(engine, PATIENCE);
    engine = testKit.spawn(ForjaGuardian.create(world.context));

    BridgeActor.SubmitReply again = submit(BridgeFixtures.apply(forma));
    assertThat(again).isInstanceOf(BridgeActor.Conflict.class);
    assertThat(((BridgeActor.Conflict) again).commandId()).isEqualTo(id);
    world.cloud.gate(true);
    awaitState(id, CommandState.SUCCESS);
    assertThat(world.cloud.resourceCount()).isEqualTo(3);
  }
}
