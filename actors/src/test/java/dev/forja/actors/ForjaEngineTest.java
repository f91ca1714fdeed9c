package dev.forja.actors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.forja.actors.bridge.BridgeActor;
import dev.forja.actors.command.CommandProgress;
import dev.forja.actors.testing.GeneratedForma;
import dev.forja.engine.command.CommandKind;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.OnDependents;
import dev.forja.engine.command.PlanMode;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.input.InputFormat;
import dev.forja.engine.input.InvalidFormaException;
import dev.forja.engine.model.Forma;
import dev.forja.engine.plugin.PluginRegistry;
import dev.forja.engine.settings.InvalidSettingsException;
import dev.forja.engine.store.InvalidQueryException;
import dev.forja.plugin.sim.SimPlugin;
import dev.forja.plugin.sim.cloud.SimCloud;
import dev.forja.plugin.sim.cloud.SimSettings;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The embedding facade as a service uses it, over the in-process simulator. */
@ExtendWith(LogCapturingExtension.class)
class ForjaEngineTest {
  /** The simulator answers its first status poll, so poll often; nothing outlives a test. */
  private static final Config FAST =
      ConfigFactory.parseString("forja.engine.status.check-interval = 10ms\nforja.store = memory")
          .withFallback(ConfigFactory.load());

  private static final Duration PATIENCE = Duration.ofMinutes(2);

  private final SimCloud cloud = SimCloud.inMemory(SimSettings.IDEAL);
  private ForjaEngine forja;

  @BeforeEach
  void start() {
    forja =
        ForjaEngine.builder()
            .config(FAST)
            .plugins(PluginRegistry.of(List.of(new SimPlugin(cloud))))
            .start();
  }

  @AfterEach
  void close() {
    forja.close();
  }

  private static <T> T join(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
  }

  private String accepted(CompletionStage<BridgeActor.SubmitReply> submitted) throws Exception {
    BridgeActor.SubmitReply reply = join(submitted);
    assertThat(reply).isInstanceOf(BridgeActor.Accepted.class);
    return ((BridgeActor.Accepted) reply).commandId();
  }

  private static String queues(String stack) {
    return """
        {"Stacks": [{"Label": "%1$s"}], "Targets": [{"Label": "sim", "Namespace": "SIM"}],
         "Resources": [
           {"Label": "dlq", "Type": "AWS::SQS::Queue", "Properties": {"QueueName": "%1$s-dlq"}},
           {"Label": "jobs", "Type": "AWS::SQS::Queue",
            "Properties": {"QueueName": "%1$s-jobs", "RedrivePolicy": {"maxReceiveCount": 3,
              "deadLetterTargetArn": {"$res": true, "$label": "dlq", "$property": "Arn"}}}}]}
        """
        .formatted(stack);
  }

  @Test
  void appliesThenDestroysAThousandGeneratedResources() throws Exception {
    Forma forma = forja.read(GeneratedForma.json(1_000, 2024), InputFormat.JSON);

    FormaCommand applied = join(forja.awaitEnd(accepted(forja.apply(forma, PlanMode.RECONCILE))));

    assertThat(applied.state()).isEqualTo(CommandState.SUCCESS);
    assertThat(applied.counts()).containsEntry(UpdateState.SUCCESS, 1_000);
    assertThat(cloud.resourceCount()).isEqualTo(1_000);
    assertThat(join(forja.inventory("managed:true"))).hasSize(1_000);

    FormaCommand destroyed =
        join(forja.awaitEnd(accepted(forja.destroy(forma, OnDependents.ABORT))));

    assertThat(destroyed.state()).isEqualTo(CommandState.SUCCESS);
    assertThat(destroyed.counts()).containsEntry(UpdateState.SUCCESS, 1_000);
    assertThat(cloud.resourceCount()).isZero();
    assertThat(join(forja.inventory("managed:true"))).isEmpty();
  }

  @Test
  void aCommandSubmittedRightAfterAnAwaitedEndIsNeverRefusedAsAConflict() throws Exception {
    // The end reaches subscribers only after the ended command has freed its resources.
    Forma forma = forja.read(queues("again"), InputFormat.JSON);
    for (int round = 0; round < 5; round++) {
      FormaCommand applied = join(forja.awaitEnd(accepted(forja.apply(forma, PlanMode.RECONCILE))));
      assertThat(applied.state()).isEqualTo(CommandState.SUCCESS);
      FormaCommand destroyed =
          join(forja.awaitEnd(accepted(forja.destroy(forma, OnDependents.ABORT))));
      assertThat(destroyed.state()).isEqualTo(CommandState.SUCCESS);
    }
    assertThat(cloud.resourceCount()).isZero();
  }

  @Test
  void aSubscriberSeesProgressEndingWithTheFinalState() throws Exception {
    BlockingQueue<CommandProgress> seen = new LinkedBlockingQueue<>();
    cloud.gate(false);
    String id = accepted(forja.apply(forja.read(queues("sub"), InputFormat.JSON), PlanMode.PATCH));

    ForjaEngine.Subscription subscription = forja.subscribe(id, seen::add);
    try {
      cloud.gate(true);
      CommandProgress p;
      do {
        p = seen.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(p).as("progress of %s", id).isNotNull();
      } while (!p.isFinal());
      assertThat(p.state()).isEqualTo(CommandState.SUCCESS);
      assertThat(p.counts()).containsEntry(UpdateState.SUCCESS, 2);
    } finally {
      subscription.close();
    }
    assertThat(join(forja.status(id)))
        .get()
        .extracting(FormaCommand::state)
        .isEqualTo(CommandState.SUCCESS);
  }

  @Test
  void simulationListingAndStatusReflectWhatWasSubmitted() throws Exception {
    Forma first = forja.read(queues("one"), InputFormat.JSON);
    var simulated =
        join(
            forja.simulate(
                new BridgeActor.SubmitRequest(
                    CommandKind.APPLY, PlanMode.RECONCILE, OnDependents.ABORT, false, first)));
    assertThat(simulated).isInstanceOf(BridgeActor.Simulated.class);
    assertThat(join(forja.commands(10))).isEmpty();

    String a = accepted(forja.apply(first, PlanMode.RECONCILE));
    join(forja.awaitEnd(a));
    String b =
        accepted(forja.apply(forja.read(queues("two"), InputFormat.JSON), PlanMode.RECONCILE));
    join(forja.awaitEnd(b));

    assertThat(join(forja.commands(10))).extracting(FormaCommand::id).containsExactly(b, a);
    assertThat(join(forja.status(a)))
        .get()
        .extracting(FormaCommand::state)
        .isEqualTo(CommandState.SUCCESS);
    assertThat(join(forja.cancel(a)))
        .isEqualTo(new BridgeActor.AlreadyEnded(a, CommandState.SUCCESS));
    assertThat(join(forja.inventory("stack:two"))).hasSize(2);
  }

  @Test
  void unknownCommandsHaveNoStatusNoCancelAndNoEnd() throws Exception {
    assertThat(join(forja.status("nope"))).isEmpty();
    assertThat(join(forja.cancel("nope"))).isEqualTo(new BridgeActor.NotFound("nope"));
    assertThatThrownBy(() -> join(forja.awaitEnd("nope")))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(NoSuchElementException.class);
  }

  @Test
  void anInvalidFormaIsRefusedWithEveryProblemNamed() {
    String json = "{\"Stacks\": [{\"Label\": \"s\"}], \"Resources\": [{\"Label\": \"x\"}]}";

    assertThatThrownBy(() -> forja.read(json, InputFormat.JSON))
        .isInstanceOf(InvalidFormaException.class)
        .hasMessageContaining("Type")
        .hasMessageContaining("Target");
  }

  @Test
  void anInvalidInventoryQueryFailsTheStage() {
    assertThatThrownBy(() -> join(forja.inventory("colour:blue")))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(InvalidQueryException.class);
  }

  @Test
  void settingsThatBreakTheTimeoutChainRefuseToStart() {
    Config broken =
        ConfigFactory.parseString("forja.engine.status { check-interval = 2s, max-wait = 1s }")
            .withFallback(ConfigFactory.load());

    assertThatThrownBy(() -> ForjaEngine.builder().config(broken).start())
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("max-wait");
  }
}
