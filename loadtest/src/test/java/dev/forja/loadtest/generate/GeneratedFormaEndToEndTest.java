package dev.forja.loadtest.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.forja.actors.ForjaEngine;
import dev.forja.actors.bridge.BridgeActor;
import dev.forja.engine.command.CommandKind;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.OnDependents;
import dev.forja.engine.command.PlanMode;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.input.InputFormat;
import dev.forja.engine.model.Forma;
import dev.forja.engine.plugin.PluginRegistry;
import dev.forja.plugin.sim.SimPlugin;
import dev.forja.plugin.sim.cloud.SimCloud;
import dev.forja.plugin.sim.cloud.SimSettings;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A generated forma applied through the embedded engine over the in-process simulator, which
 * enforces AWS's rules: every reference must name an existing resource, and a resource others hold
 * cannot be deleted. Apply and destroy must both end with every update Success, and nothing left.
 */
class GeneratedFormaEndToEndTest {
  private static final int COUNT = 400;

  @Test
  void appliesReplansToNothingAndDestroysToAnEmptyCloud() throws Exception {
    SimCloud cloud = SimCloud.inMemory(SimSettings.IDEAL);
    try (ForjaEngine forja =
        ForjaEngine.builder()
            .config(config())
            .plugins(PluginRegistry.of(List.of(new SimPlugin(cloud))))
            .start()) {
      Forma forma =
          forja.read(
              EnvironmentGenerator.json(EnvironmentGenerator.generate(COUNT, 42)),
              InputFormat.JSON);

      FormaCommand applied =
          run(forja, forja.apply(forma, PlanMode.RECONCILE).toCompletableFuture());
      assertAllSucceeded(applied);
      assertThat(applied.updates()).hasSize(COUNT);
      assertThat(cloud.resourceCount()).isEqualTo(COUNT);

      BridgeActor.SubmitReply replan =
          forja
              .simulate(
                  new BridgeActor.SubmitRequest(
                      CommandKind.APPLY, PlanMode.RECONCILE, OnDependents.ABORT, true, forma))
              .toCompletableFuture()
              .get(60, TimeUnit.SECONDS);
      assertThat(replan)
          .as("a re-plan of the applied forma")
          .satisfiesAnyOf(
              r -> assertThat(r).isInstanceOf(BridgeActor.NoChanges.class),
              r ->
                  assertThat(r)
                      .isInstanceOfSatisfying(
                          BridgeActor.Simulated.class,
                          s -> assertThat(s.changeset().updates()).isEmpty()));

      FormaCommand destroyed =
          run(forja, forja.destroy(forma, OnDependents.ABORT).toCompletableFuture());
      assertAllSucceeded(destroyed);
      assertThat(destroyed.updates()).hasSize(COUNT);
      assertThat(cloud.resources()).isEmpty();
    }
  }

  /** Waits for an accepted command's end. */
  private static FormaCommand run(
      ForjaEngine forja, java.util.concurrent.CompletableFuture<BridgeActor.SubmitReply> submitted)
      throws Exception {
    BridgeActor.SubmitReply reply = submitted.get(60, TimeUnit.SECONDS);
    assertThat(reply).isInstanceOf(BridgeActor.Accepted.class);
    String id = ((BridgeActor.Accepted) reply).commandId();
    return forja.awaitEnd(id).toCompletableFuture().get(120, TimeUnit.SECONDS);
  }

  private static void assertAllSucceeded(FormaCommand command) {
    List<String> failed =
        command.updates().stream()
            .filter(u -> u.state() != UpdateState.SUCCESS)
            .map(GeneratedFormaEndToEndTest::describe)
            .toList();
    assertThat(failed).as(command.kind() + " updates not Success").isEmpty();
    assertThat(command.state()).isEqualTo(CommandState.SUCCESS);
  }

  private static String describe(ResourceUpdate u) {
    return u.stack()
        + "/"
        + u.label()
        + " "
        + u.type()
        + " "
        + u.operation()
        + " "
        + u.state()
        + ": "
        + u.errorCode()
        + " "
        + u.message();
  }

  /**
   * A memory store (the simulator forgets everything when the test ends, so must the engine), and a
   * short status interval: the simulator settles every operation at once, so each would otherwise
   * wait the default interval for its first poll.
   */
  private static Config config() {
    return ConfigFactory.parseString(
            String.join(
                "\n",
                "forja.store = memory",
                "forja.engine.status.check-interval = 10ms",
                "pekko.loglevel = WARNING",
                "pekko.stdout-loglevel = WARNING"))
        .withFallback(ConfigFactory.load());
  }
}
