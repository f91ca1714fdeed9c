package dev.forja.actors.resource;

import static dev.forja.actors.resource.UpdaterRig.QUEUE;
import static dev.forja.actors.resource.UpdaterRig.SETTINGS;
import static dev.forja.actors.resource.UpdaterRig.TARGET;
import static dev.forja.actors.resource.UpdaterRig.freshKsuid;
import static dev.forja.actors.resource.UpdaterRig.queue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.actors.changeset.RateLimiter;
import dev.forja.engine.metrics.EngineMetrics;
import dev.forja.engine.plugin.ErrorCodes;
import dev.forja.engine.plugin.OperationStatus;
import dev.forja.engine.plugin.PluginOperation;
import dev.forja.engine.plugin.PluginRequests;
import dev.forja.engine.plugin.ProgressResult;
import dev.forja.engine.plugin.ResourcePlugin;
import dev.forja.engine.settings.EngineSettings;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class PluginOperatorTest {
  private static final ActorTestKit testKit = ActorTestKit.create(UpdaterRig.CONFIG);

  private final UpdaterRig rig = new UpdaterRig(testKit);
  private final TestProbe<PluginOperator.Report> reports =
      testKit.createTestProbe(PluginOperator.Report.class);

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  private void run(ResourcePlugin plugin, PluginOperator.Call call, EngineSettings settings) {
    testKit.spawn(
        PluginOperator.create(
            plugin,
            call,
            settings,
            EngineMetrics.NONE,
            rig.limiter(),
            TARGET.label(),
            100.0,
            reports.ref()));
  }

  private static PluginOperator.Call createQueue() {
    String name = "q-" + freshKsuid();
    return new PluginOperator.Create(
        new PluginRequests.Create(QUEUE, name, queue(name), TARGET, "token-" + name));
  }

  private ScriptedPlugin scripted(
      boolean blocking, Function<PluginRequests.Create, CompletableFuture<ProgressResult>> create) {
    return new ScriptedPlugin(rig.sim, blocking, create::apply);
  }

  @Test
  void reportsTheInProgressTokenOnceThenTheFinalResult() {
    rig.cloud.gate(false);
    run(rig.sim, createQueue(), SETTINGS);

    PluginOperator.Report started = reports.receiveMessage();
    assertThat(started.result().status()).isEqualTo(OperationStatus.IN_PROGRESS);
    reports.awaitAssert(
        () ->
            assertThat(rig.cloud.oplog().stream().filter(e -> e.op().equals("Status")).count())
                .isGreaterThanOrEqualTo(3));
    rig.cloud.gate(true);

    PluginOperator.Report done = reports.receiveMessage();
    assertThat(done.result().status()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(done.timedOut()).isFalse();
    assertThat(done.result().nativeId()).contains("q-");
  }

  @Test
  void takesOnePermitBeforeEveryPluginRequest() {
    run(rig.sim, createQueue(), SETTINGS);

    reports.receiveMessage();
    reports.receiveMessage();
    // The create answered in progress and the first poll succeeded: two requests, two permits.
    for (int i = 0; i < 2; i++) {
      RateLimiter.Acquire acquire = rig.limiterProbe.expectMessageClass(RateLimiter.Acquire.class);
      assertThat(acquire.key()).isEqualTo(TARGET.label());
    }
    rig.limiterProbe.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void aPollStartsByPollingAndCreatesNothing() {
    ProgressResult started =
        rig.sim
            .create(((PluginOperator.Create) createQueue()).request())
            .toCompletableFuture()
            .join();
    int mark = rig.cloud.oplog().size();

    run(
        rig.sim,
        new PluginOperator.Poll(PluginOperation.CREATE, QUEUE, started.requestToken(), TARGET),
        SETTINGS);

    PluginOperator.Report done = reports.receiveMessage();
    assertThat(done.result().status()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(rig.opsSince(mark)).containsExactly("Status");
    assertThat(rig.cloud.resourceCount()).isEqualTo(1);
  }

  @Test
  void givesUpWhenTheOperationOutlastsTheStatusMaxWait() {
    EngineSettings shortWait = SETTINGS.toBuilder().maxStatusWait(Duration.ofMillis(100)).build();
    rig.cloud.gate(false);
    run(rig.sim, createQueue(), shortWait);

    assertThat(reports.receiveMessage().result().isDone()).isFalse();
    PluginOperator.Report gaveUp = reports.receiveMessage();
    assertThat(gaveUp.result().errorCode()).isEqualTo(ErrorCodes.TIMEOUT);
    assertThat(gaveUp.result().retryable()).isFalse();
    assertThat(gaveUp.timedOut()).isFalse();
    assertThat(gaveUp.result().message()).contains("create of " + QUEUE, "max-wait");
  }

  @Test
  void reportsACallThatNeverAnswersAsTimedOutAndDropsItsLateAnswer() {
    CompletableFuture<ProgressResult> never = new CompletableFuture<>();
    run(scripted(false, request -> never), createQueue(), SETTINGS);

    PluginOperator.Report timedOut = reports.receiveMessage();
    assertThat(timedOut.timedOut()).isTrue();
    assertThat(timedOut.result().errorCode()).isEqualTo(ErrorCodes.TIMEOUT);
    assertThat(timedOut.result().message()).contains("plugin call timeout");

    never.complete(ProgressResult.success(PluginOperation.CREATE, "late", null));
    reports.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void reportsAPluginThatThrowsAsAFailureInsteadOfCrashing() {
    run(
        scripted(
            false,
            request -> {
              throw new IllegalStateException("boom in the plugin");
            }),
        createQueue(),
        SETTINGS);

    PluginOperator.Report failed = reports.receiveMessage();
    assertThat(failed.result().status()).isEqualTo(OperationStatus.FAILED);
    assertThat(failed.result().errorCode()).isEqualTo(ErrorCodes.INTERNAL_FAILURE);
    assertThat(failed.result().retryable()).isFalse();
    assertThat(failed.result().message()).contains("boom in the plugin");
    assertThat(failed.timedOut()).isFalse();
  }

  @Test
  void reportsAFailedStageAsAFailure() {
    run(
        scripted(
            false, request -> CompletableFuture.failedFuture(new IllegalStateException("broken"))),
        createQueue(),
        SETTINGS);

    PluginOperator.Report failed = reports.receiveMessage();
    assertThat(failed.result().errorCode()).isEqualTo(ErrorCodes.INTERNAL_FAILURE);
    assertThat(failed.result().message()).contains("broken");
  }

  @Test
  void callsABlockingPluginOnThePluginDispatcher() {
    ScriptedPlugin blocking = scripted(true, r -> rig.sim.create(r).toCompletableFuture());
    run(blocking, createQueue(), SETTINGS);

    reports.receiveMessage();
    assertThat(reports.receiveMessage().result().status()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(blocking.threads).isNotEmpty().allMatch(t -> t.contains("plugin-dispatcher"));
  }
}
