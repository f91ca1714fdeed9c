package dev.forja.actors.bridge;

import static dev.forja.actors.bridge.BridgeFixtures.PROMPT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.actors.changeset.RateLimiter;
import dev.forja.actors.command.CommandProgress;
import dev.forja.actors.command.CommandRegistry;
import dev.forja.actors.resource.ResourcePersister;
import dev.forja.engine.command.CommandKind;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.PlanMode;
import dev.forja.engine.model.Forma;
import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.model.OpaqueValue;
import dev.forja.engine.model.Resource;
import dev.forja.engine.model.Stack;
import dev.forja.engine.model.Target;
import dev.forja.engine.store.InventoryQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bridge on its own: its registry, inventory writer and rate limiter are probes, so each test
 * sees exactly what the bridge sends them. Commands that reach a persister use the real one, over
 * the persistence testkit's journal.
 */
@ExtendWith({TestKitJUnit5Extension.class, LogCapturingExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BridgeActorTest {
  private static final Duration QUIET = Duration.ofMillis(200);

  @JUnit5TestKit
  ActorTestKit testKit = new JUnit5TestKitBuilder().withCustomConfig(BridgeFixtures.CONFIG).build();

  private BridgeFixtures world;
  private TestProbe<CommandRegistry.Command> registry;
  private TestProbe<ResourcePersister.Command> resources;

  @BeforeEach
  void freshWorld() {
    world = new BridgeFixtures();
  }

  /** Spawns a bridge and lets it learn that {@code open} commands are unfinished. */
  private ActorRef<BridgeActor.Command> start(Set<String> open) {
    ActorRef<BridgeActor.Command> bridge = spawn();
    registry.expectMessageClass(CommandRegistry.GetOpen.class).replyTo().tell(open);
    return bridge;
  }

  private ActorRef<BridgeActor.Command> spawn() {
    registry = testKit.createTestProbe();
    resources = testKit.createTestProbe();
    TestProbe<RateLimiter.Command> limiter = testKit.createTestProbe();
    return testKit.spawn(
        BridgeActor.create(
            world.context, new BridgeActor.Peers(registry.ref(), resources.ref(), limiter.ref())));
  }

  private BridgeActor.SubmitReply submit(
      ActorRef<BridgeActor.Command> bridge, BridgeActor.SubmitRequest request) {
    TestProbe<BridgeActor.SubmitReply> reply = testKit.createTestProbe();
    bridge.tell(new BridgeActor.Submit(request, reply.ref()));
    return reply.receiveMessage(PROMPT);
  }

  @Test
  void anUnplannableSubmitIsInvalidNamesTheProblemAndStoresNothing() {
    ActorRef<BridgeActor.Command> bridge = start(Set.of());
    ObjectNode ref = JsonNodeFactory.instance.objectNode().put("$res", true);
    ref.put("$label", "missing").put("$property", "Arn");
    ObjectNode props = JsonNodeFactory.instance.objectNode().put("QueueName", "q");
    props.set(
        "RedrivePolicy", JsonNodeFactory.instance.objectNode().set("deadLetterTargetArn", ref));
    Forma forma =
        new Forma(
            null,
            List.of(new Stack("app", null)),
            List.of(new Target("sim", "SIM", null, false)),
            List.of(new Resource("q", "AWS::SQS::Queue", "app", "sim", props)));

    BridgeActor.SubmitReply reply = submit(bridge, BridgeFixtures.apply(forma));

    assertThat(reply).isInstanceOf(BridgeActor.Invalid.class);
    assertThat(((BridgeActor.Invalid) reply).problems())
        .anySatisfy(p -> assertThat(p).contains("app/q", "app/missing"));
    registry.expectNoMessage(QUIET);
    resources.expectNoMessage(Duration.ZERO);
    assertThat(world.commands.recent(10)).isEmpty();
  }

  @Test
  void aSimulationAnswersThePlanAndStoresNothing() {
    ActorRef<BridgeActor.Command> bridge = start(Set.of());
    Forma forma = world.read(BridgeFixtures.queuesJson(BridgeFixtures.freshStack()));

    BridgeActor.SubmitReply reply = submit(bridge, BridgeFixtures.simulate(forma));

    assertThat(reply).isInstanceOf(BridgeActor.Simulated.class);
    assertThat(((BridgeActor.Simulated) reply).changeset().updates()).hasSize(3);
    registry.expectNoMessage(QUIET);
    resources.expectNoMessage(Duration.ZERO);
    assertThat(world.commands.recent(10)).isEmpty();
    assertThat(world.inventory.query(InventoryQuery.ALL)).isEmpty();
    assertThat(world.cloud.resourceCount()).isZero();
  }

  @Test
  void anUnknownCommandHasNoStatusAndCannotBeCanceled() {
    ActorRef<BridgeActor.Command> bridge = start(Set.of());
    TestProbe<StatusReply<FormaCommand>> status = testKit.createTestProbe();
    TestProbe<BridgeActor.CancelReply> cancel = testKit.createTestProbe();

    bridge.tell(new BridgeActor.GetCommand("nope", status.ref()));
    bridge.tell(new BridgeActor.Cancel("nope", cancel.ref()));

    StatusReply<FormaCommand> s = status.receiveMessage(PROMPT);
    assertThat(s.isError()).isTrue();
    assertThat(s.getError().getMessage()).isEqualTo("no command nope");
    assertThat(cancel.receiveMessage(PROMPT)).isEqualTo(new BridgeActor.NotFound("nope"));
  }

  @Test
  void startUpHoldsSubmitsAndStatusesUntilTheOpenCommandsAreKnownButListsAtOnce() {
    ActorRef<BridgeActor.Command> bridge = spawn();
    CommandRegistry.GetOpen getOpen = registry.expectMessageClass(CommandRegistry.GetOpen.class);
    Forma forma = world.read(BridgeFixtures.queuesJson(BridgeFixtures.freshStack()));
    TestProbe<BridgeActor.SubmitReply> submitted = testKit.createTestProbe();
    TestProbe<StatusReply<FormaCommand>> status = testKit.createTestProbe();
    TestProbe<List<FormaCommand>> listed = testKit.createTestProbe();

    bridge.tell(new BridgeActor.Submit(BridgeFixtures.simulate(forma), submitted.ref()));
    bridge.tell(new BridgeActor.GetCommand("later", status.ref()));
    bridge.tell(new BridgeActor.ListCommands(5, listed.ref()));

    assertThat(listed.receiveMessage(PROMPT)).isEmpty();
    submitted.expectNoMessage(QUIET);
    status.expectNoMessage(Duration.ZERO);
    getOpen.replyTo().tell(Set.of());
    assertThat(submitted.receiveMessage(PROMPT)).isInstanceOf(BridgeActor.Simulated.class);
    assertThat(status.receiveMessage(PROMPT).getError().getMessage()).isEqualTo("no command later");
  }

  @Test
  void anOpenCommandThatWasNeverAcceptedIsEndedInTheRegistry() {
    String ghost = world.context.ksuids().get();
    ActorRef<BridgeActor.Command> bridge = start(Set.of(ghost));

    CommandRegistry.Ended ended = registry.expectMessageClass(CommandRegistry.Ended.class, PROMPT);
    assertThat(ended.commandId()).isEqualTo(ghost);
    ended.replyTo().tell(StatusReply.success(Done.getInstance()));
    Forma forma = world.read(BridgeFixtures.queuesJson(BridgeFixtures.freshStack()));
    assertThat(submit(bridge, BridgeFixtures.simulate(forma)))
        .isInstanceOf(BridgeActor.Simulated.class);
  }

  @Test
  void anEndedCommandIsReadFromTheReadModel() {
    ActorRef<BridgeActor.Command> bridge = start(Set.of());
    Instant end = Instant.parse("2025-01-02T03:04:05Z");
    FormaCommand done =
        new FormaCommand(
            world.context.ksuids().get(),
            CommandKind.APPLY,
            PlanMode.RECONCILE,
            null,
            CommandState.SUCCESS,
            end.minusSeconds(1),
            end,
            List.of());
    world.commands.put(done);
    TestProbe<StatusReply<FormaCommand>> status = testKit.createTestProbe();
    TestProbe<List<FormaCommand>> listed = testKit.createTestProbe();
    TestProbe<BridgeActor.CancelReply> cancel = testKit.createTestProbe();
    TestProbe<CommandProgress> progress = testKit.createTestProbe();

    bridge.tell(new BridgeActor.GetCommand(done.id(), status.ref()));
    bridge.tell(new BridgeActor.ListCommands(5, listed.ref()));
    bridge.tell(new BridgeActor.Cancel(done.id(), cancel.ref()));
    bridge.tell(new BridgeActor.Subscribe(done.id(), progress.ref()));

    assertThat(status.receiveMessage(PROMPT).getValue()).isEqualTo(done);
    assertThat(listed.receiveMessage(PROMPT)).containsExactly(done);
    assertThat(cancel.receiveMessage(PROMPT))
        .isEqualTo(new BridgeActor.AlreadyEnded(done.id(), CommandState.SUCCESS));
    CommandProgress last = progress.receiveMessage(PROMPT);
    assertThat(last.isFinal()).isTrue();
    assertThat(last.at()).isEqualTo(end);
  }

  @Test
  void inventoryAnswersRedactOpaqueValues() {
    ActorRef<BridgeActor.Command> bridge = start(Set.of());
    ObjectNode props = JsonNodeFactory.instance.objectNode().put("Name", "db");
    props.set(
        "SecretString",
        new OpaqueValue(JsonNodeFactory.instance.textNode("s3cr3t"), null).toJson());
    world.inventory.put(
        new InventoryResource(
            world.context.ksuids().get(),
            "vault",
            "db-password",
            "AWS::SecretsManager::Secret",
            "sim",
            "arn:secret",
            true,
            props,
            null));
    TestProbe<List<InventoryResource>> found = testKit.createTestProbe();

    bridge.tell(new BridgeActor.QueryInventory(InventoryQuery.parse("stack:vault"), found.ref()));

    InventoryResource r = found.receiveMessage(PROMPT).get(0);
    assertThat(r.properties().get("SecretString")).isEqualTo(OpaqueValue.redacted());
    assertThat(r.properties().toString()).doesNotContain("s3cr3t");
    assertThat(r.properties().get("Name").asText()).isEqualTo("db");
  }
}
