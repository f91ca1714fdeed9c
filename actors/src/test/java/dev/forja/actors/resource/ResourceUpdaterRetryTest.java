package dev.forja.actors.resource;

import static dev.forja.actors.resource.UpdaterRig.QUEUE;
import static dev.forja.actors.resource.UpdaterRig.SETTINGS;
import static dev.forja.actors.resource.UpdaterRig.createUpdate;
import static dev.forja.actors.resource.UpdaterRig.freshKsuid;
import static dev.forja.actors.resource.UpdaterRig.queue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.actors.command.FormaCommandPersister;
import dev.forja.actors.command.FormaCommandPersister.RecordAttempt;
import dev.forja.actors.command.FormaCommandPersister.RecordFinished;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.plugin.ErrorCodes;
import dev.forja.engine.plugin.PluginRequests;
import dev.forja.engine.plugin.ProgressResult;
import dev.forja.plugin.sim.cloud.FailureRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Retries, timeouts and slow or silent plugins: how many attempts, with which tokens. */
class ResourceUpdaterRetryTest {
  private static final ActorTestKit testKit = ActorTestKit.create(UpdaterRig.CONFIG);

  private final UpdaterRig rig = new UpdaterRig(testKit);
  private final String ksuid = freshKsuid();

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  private void createQueueWith(ScriptedPlugin plugin) {
    rig.start(rig.spec(createUpdate(ksuid, queue("q-" + ksuid)), Operation.CREATE), plugin);
  }

  /** Every journal message up to and including RecordFinished. */
  private List<FormaCommandPersister.Command> journalToTheEnd() {
    List<FormaCommandPersister.Command> all = new ArrayList<>();
    FormaCommandPersister.Command m;
    do {
      m = rig.journal.receiveMessage(Duration.ofSeconds(10));
      all.add(m);
    } while (!(m instanceof RecordFinished));
    return all;
  }

  private static List<String> tokens(List<FormaCommandPersister.Command> journal) {
    return journal.stream()
        .filter(RecordAttempt.class::isInstance)
        .map(m -> ((RecordAttempt) m).clientToken())
        .toList();
  }

  private static RecordFinished finished(List<FormaCommandPersister.Command> journal) {
    return (RecordFinished) journal.get(journal.size() - 1);
  }

  @Test
  void succeedsAfterAsManyRetryableErrorsAsRetriesWithANewTokenEachTime() {
    int k = SETTINGS.maxRetries();
    rig.cloud.addRule(new FailureRule("Create", QUEUE, null, ErrorCodes.THROTTLING, k));

    rig.start(rig.spec(createUpdate(ksuid, queue("q-" + ksuid)), Operation.CREATE));

    assertThat(rig.ended.receiveMessage().state()).isEqualTo(UpdateState.SUCCESS);
    List<FormaCommandPersister.Command> journal = journalToTheEnd();
    assertThat(finished(journal).attempts()).isEqualTo(k + 1);
    assertThat(tokens(journal)).hasSize(k + 1).doesNotHaveDuplicates();
    assertThat(rig.cloud.resourceCount()).isEqualTo(1);
  }

  @Test
  void failsAfterMoreRetryableErrorsThanRetriesWithEveryAttemptCounted() {
    int k = SETTINGS.maxRetries() + 1;
    rig.cloud.addRule(new FailureRule("Create", QUEUE, null, ErrorCodes.THROTTLING, k));

    rig.start(rig.spec(createUpdate(ksuid, queue("q-" + ksuid)), Operation.CREATE));

    ResourceUpdater.Ended ended = rig.ended.receiveMessage();
    assertThat(ended.state()).isEqualTo(UpdateState.FAILED);
    assertThat(ended.errorCode()).isEqualTo(ErrorCodes.THROTTLING);
    RecordFinished finished = finished(journalToTheEnd());
    assertThat(finished.attempts()).isEqualTo(SETTINGS.maxRetries() + 1);
    assertThat(finished.state()).isEqualTo(UpdateState.FAILED);
    assertThat(rig.cloud.resourceCount()).isZero();
    assertThat(rig.inventory.byKsuid(ksuid)).isEmpty();
  }

  @Test
  void retriesATimedOutCallWithTheSameTokenSoTheCloudCreatesOnce() {
    // The first create reaches the cloud, but its answer is lost.
    AtomicBoolean first = new AtomicBoolean(true);
    createQueueWith(
        new ScriptedPlugin(
            rig.sim,
            false,
            request -> {
              CompletableFuture<ProgressResult> answer =
                  rig.sim.create(request).toCompletableFuture();
              return first.getAndSet(false) ? new CompletableFuture<>() : answer;
            }));

    assertThat(rig.ended.receiveMessage(Duration.ofSeconds(10)).state())
        .isEqualTo(UpdateState.SUCCESS);
    List<String> tokens = tokens(journalToTheEnd());
    assertThat(tokens).hasSize(2);
    assertThat(tokens.get(1)).isEqualTo(tokens.get(0));
    assertThat(rig.cloud.resourceCount()).isEqualTo(1);
  }

  @Test
  void failsAPluginThatNeverAnswersAfterItsCallTimeoutsAndStillEnds() {
    createQueueWith(new ScriptedPlugin(rig.sim, true, request -> new CompletableFuture<>()));

    ResourceUpdater.Ended ended = rig.ended.receiveMessage(Duration.ofSeconds(10));
    assertThat(ended.state()).isEqualTo(UpdateState.FAILED);
    assertThat(ended.errorCode()).isEqualTo(ErrorCodes.TIMEOUT);
    List<FormaCommandPersister.Command> journal = journalToTheEnd();
    assertThat(finished(journal).attempts()).isEqualTo(SETTINGS.maxRetries() + 1);
    // Each call may have reached the cloud, so every retry repeats the first request.
    assertThat(tokens(journal))
        .hasSize(SETTINGS.maxRetries() + 1)
        .containsOnly(tokens(journal).get(0));
  }

  @Test
  void doesNotFailAPluginSlowerThanSeveralStatusIntervalsButInsideItsCallTimeout() {
    long slow = SETTINGS.statusCheckInterval().multipliedBy(3).toMillis();
    createQueueWith(
        new ScriptedPlugin(
            rig.sim,
            false,
            request ->
                CompletableFuture.supplyAsync(
                    () -> rig.sim.create(request).toCompletableFuture().join(),
                    CompletableFuture.delayedExecutor(slow, TimeUnit.MILLISECONDS))));

    assertThat(rig.ended.receiveMessage().state()).isEqualTo(UpdateState.SUCCESS);
    assertThat(finished(journalToTheEnd()).attempts()).isEqualTo(1);
    assertThat(rig.cloud.resourceCount()).isEqualTo(1);
  }

  @Test
  void stillTellsTheExecutorWhenItsEndCannotBeRecordedAfterRetries() {
    rig.dropFinished = true;

    rig.start(rig.spec(createUpdate(ksuid, queue("q-" + ksuid)), Operation.CREATE));

    ResourceUpdater.Ended ended = rig.ended.receiveMessage(Duration.ofSeconds(10));
    assertThat(ended.state()).isEqualTo(UpdateState.SUCCESS);
    // RecordAttempt and RecordRequestToken, then RecordFinished once and maxRetries more times.
    List<FormaCommandPersister.Command> journal =
        rig.journal.receiveSeveralMessages(2 + SETTINGS.maxRetries() + 1);
    assertThat(journal.stream().filter(RecordFinished.class::isInstance).count())
        .isEqualTo(SETTINGS.maxRetries() + 1);
    rig.journal.expectNoMessage(Duration.ofMillis(200));
    assertThat(rig.inventory.byKsuid(ksuid)).isPresent();
  }

  @Test
  void requestsCarryTheTargetAndTheQueueAsDesired() {
    List<PluginRequests.Create> seen = new CopyOnWriteArrayList<>();
    createQueueWith(
        new ScriptedPlugin(
            rig.sim,
            false,
            request -> {
              seen.add(request);
              return rig.sim.create(request);
            }));

    assertThat(rig.ended.receiveMessage().state()).isEqualTo(UpdateState.SUCCESS);
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).target()).isEqualTo(UpdaterRig.TARGET);
    assertThat(seen.get(0).properties()).isEqualTo(queue("q-" + ksuid));
  }
}
