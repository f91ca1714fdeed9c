package dev.forja.actors.changeset.internal;

import static dev.forja.actors.changeset.ChangesetExecutorFixtures.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.forja.actors.changeset.ChangesetExecutorFixtures.CommandSketch;
import dev.forja.actors.command.NodeKey;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.model.Target;
import dev.forja.engine.plugin.ErrorCodes;
import dev.forja.engine.settings.EngineSettings;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;

class GraphRunTest {
  private static boolean anyNamespace(String namespace) {
    return true;
  }

  private static List<NodeKey> launch(GraphRun run) {
    return run.launches(GraphRunTest::anyNamespace).stream().map(GraphRun.Launch::node).toList();
  }

  @Test
  void launchesOnlyNodesWithNothingToWaitFor() {
    CommandSketch c = command().create("a").create("b").create("d").waits("b", "a");
    GraphRun run = GraphRun.replay(c.view(), 50);

    assertThat(launch(run))
        .containsExactly(c.node("a", Operation.CREATE), c.node("d", Operation.CREATE));
    assertThat(launch(run)).isEmpty();
    assertThat(run.ended(c.node("a", Operation.CREATE), UpdateState.SUCCESS)).isEmpty();
    assertThat(launch(run)).containsExactly(c.node("b", Operation.CREATE));
  }

  @Test
  void neverRunsMoreThanTheInFlightMaximum() {
    CommandSketch c = command().create("a").create("b").create("c");
    GraphRun run = GraphRun.replay(c.view(), 2);

    List<NodeKey> first = launch(run);
    assertThat(first).hasSize(2);
    assertThat(launch(run)).isEmpty();
    run.ended(first.get(0), UpdateState.SUCCESS);
    assertThat(launch(run)).containsExactly(c.node("c", Operation.CREATE));
    assertThat(run.runningCount()).isEqualTo(2);
  }

  @Test
  void aFailureFailsTransitiveDependentsOnceInOneRecord() {
    CommandSketch c =
        command()
            .create("a")
            .create("b")
            .create("c")
            .create("d")
            .create("s")
            .waits("b", "a")
            .waits("c", "b")
            .waits("d", "b")
            .waits("d", "a");
    GraphRun run = GraphRun.replay(c.view(), 50);
    launch(run);

    var record = run.ended(c.node("a", Operation.CREATE), UpdateState.REJECTED).orElseThrow();

    assertThat(record.ksuids()).containsExactlyInAnyOrder(c.ksuid("b"), c.ksuid("c"), c.ksuid("d"));
    assertThat(record.failed()).isEqualTo("web/a");
    assertThat(run.complete()).isEmpty();
    run.ended(c.node("s", Operation.CREATE), UpdateState.SUCCESS);
    assertThat(run.complete()).as("the record is not confirmed yet").isEmpty();
    run.answered(record, null);
    assertThat(run.complete()).isPresent();
    assertThat(run.expectedFinalState()).isEqualTo(CommandState.FAILED);
  }

  @Test
  void aReplaceCreatesOnlyAfterItsDeleteSucceeded() {
    CommandSketch c = command().update("r", Operation.REPLACE, UpdateState.NOT_STARTED);
    GraphRun run = GraphRun.replay(c.view(), 50);

    assertThat(launch(run)).containsExactly(c.node("r", Operation.DELETE));
    run.ended(c.node("r", Operation.DELETE), UpdateState.SUCCESS);
    assertThat(launch(run)).containsExactly(c.node("r", Operation.CREATE));
    run.ended(c.node("r", Operation.CREATE), UpdateState.SUCCESS);
    assertThat(run.complete()).isPresent();
    assertThat(run.expectedFinalState()).isEqualTo(CommandState.SUCCESS);
  }

  @Test
  void replayKeepsFinalStatesResumesCallsInFlightFirstAndRecordsOrphanedDependents() {
    CommandSketch c =
        command()
            .update("a", Operation.CREATE, UpdateState.SUCCESS)
            .create("b")
            .update("f", Operation.CREATE, UpdateState.FAILED)
            .update("g", Operation.CREATE, UpdateState.FAILED)
            .create("h")
            .update("r", Operation.REPLACE, UpdateState.IN_PROGRESS)
            .update("i", Operation.CREATE, UpdateState.IN_PROGRESS)
            .waits("b", "a")
            .waits("g", "f")
            .waits("h", "f")
            .done("r", Operation.DELETE)
            .inFlight("i", Operation.CREATE, "req-7");
    GraphRun run = GraphRun.replay(c.view(), 50);

    assertThat(run.orphans())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.ksuids()).containsExactly(c.ksuid("h"));
              assertThat(o.failed()).isEqualTo("web/f");
            });
    List<GraphRun.Launch> launches = run.launches(GraphRunTest::anyNamespace);
    assertThat(launches)
        .extracting(GraphRun.Launch::node)
        .containsExactly(
            c.node("i", Operation.CREATE),
            c.node("b", Operation.CREATE),
            c.node("r", Operation.CREATE));
    assertThat(launches.get(0).resume().requestToken()).isEqualTo("req-7");
    assertThat(launches.get(1).resume()).isNull();
    assertThat(launches.get(2).resume()).isNull();
  }

  @Test
  void refusesNodesWhoseTargetIsMissingOrUnserved() {
    Target elsewhere = new Target("other", "NOPE", null, false);
    CommandSketch c =
        command()
            .update("a", Operation.CREATE, UpdateState.NOT_STARTED, "nowhere")
            .update("b", Operation.CREATE, UpdateState.NOT_STARTED, "other")
            .create("c")
            .target(elsewhere);
    GraphRun run = GraphRun.replay(c.view(), 50);

    List<GraphRun.Launch> launches = run.launches(ns -> !ns.equals("NOPE"));

    assertThat(launches.get(0).refusal())
        .isEqualTo(
            new PersisterRequest.FailNode(
                c.node("a", Operation.CREATE),
                ErrorCodes.PLUGIN_NOT_FOUND,
                "target nowhere is not among the command's targets"));
    assertThat(launches.get(1).refusal().why())
        .isEqualTo("no plugin serves namespace NOPE of target other");
    assertThat(launches.get(2).refusal()).isNull();
    assertThat(launches.get(2).target()).isEqualTo(c.view().targets().get(0));
    assertThat(run.answered(launches.get(0).refusal(), null)).isEmpty();
    assertThat(run.isRunning(c.node("a", Operation.CREATE))).isFalse();
  }

  @Test
  void cancelCancelsWhatNeverStartedButLetsAStartedReplaceAndWhatItWaitsForFinish() {
    CommandSketch c =
        command()
            .create("x")
            .update("r", Operation.REPLACE, UpdateState.IN_PROGRESS)
            .create("late")
            .create("queued")
            .create("v")
            .create("w")
            .waits("late", "x")
            .waits("w", "v")
            .done("r", Operation.DELETE);
    // The replace's CREATE also waits for w, which waits for v: both must run for it to finish.
    c.waits(c.node("r", Operation.CREATE), c.node("w", Operation.CREATE));
    GraphRun run = GraphRun.replay(c.view(), 2);
    assertThat(launch(run))
        .containsExactly(c.node("x", Operation.CREATE), c.node("queued", Operation.CREATE));

    var cancel = run.cancel(false).orElseThrow();

    assertThat(cancel.ksuids()).containsExactly(c.ksuid("late"));
    assertThat(run.isCanceling()).isTrue();
    assertThat(run.isCancelPending()).isTrue();
    run.answered(cancel, CommandState.CANCELING);
    assertThat(run.isCancelPending()).isFalse();
    assertThat(run.recorded()).isEqualTo(CommandState.CANCELING);

    run.ended(c.node("x", Operation.CREATE), UpdateState.SUCCESS);
    assertThat(launch(run)).as("late was canceled").containsExactly(c.node("v", Operation.CREATE));
    run.ended(c.node("v", Operation.CREATE), UpdateState.SUCCESS);
    assertThat(launch(run)).containsExactly(c.node("w", Operation.CREATE));
    run.ended(c.node("w", Operation.CREATE), UpdateState.SUCCESS);
    assertThat(launch(run)).containsExactly(c.node("r", Operation.CREATE));
    run.ended(c.node("r", Operation.CREATE), UpdateState.SUCCESS);
    assertThat(run.complete()).as("queued still runs").isEmpty();
    run.ended(c.node("queued", Operation.CREATE), UpdateState.SUCCESS);
    assertThat(run.complete()).isPresent();
    assertThat(run.expectedFinalState()).isEqualTo(CommandState.CANCELED);
  }

  @Test
  void cancelCancelsUpdatesQueuedForAnInFlightSlot() {
    CommandSketch c = command().create("a").create("b");
    GraphRun run = GraphRun.replay(c.view(), 1);
    NodeKey a = launch(run).get(0);

    var cancel = run.cancel(true).orElseThrow();

    assertThat(cancel.ksuids()).containsExactly(c.ksuid("b"));
    run.ended(a, UpdateState.SUCCESS);
    assertThat(launch(run)).isEmpty();
    assertThat(run.isDone()).isTrue();
    assertThat(run.complete()).as("the cancel is not confirmed yet").isEmpty();
    run.answered(cancel, CommandState.CANCELING);
    assertThat(run.complete()).isPresent();
  }

  @Test
  void aCommandResumedWhileCancelingRecordsNoSecondCancelWhenNothingIsLeft() {
    CommandSketch c =
        command()
            .update("a", Operation.CREATE, UpdateState.IN_PROGRESS)
            .update("b", Operation.CREATE, UpdateState.CANCELED)
            .waits("b", "a")
            .inFlight("a", Operation.CREATE, null)
            .state(CommandState.CANCELING);
    GraphRun run = GraphRun.replay(c.view(), 50);

    assertThat(run.cancel(false)).isEmpty();
    assertThat(run.cancel(true)).as("a caller waits for the answer").isPresent();
    assertThat(launch(run)).containsExactly(c.node("a", Operation.CREATE));
  }

  @Test
  void aCommandResumedWhileCancelingCancelsWhatIsStillNotStarted() {
    CommandSketch c =
        command()
            .update("a", Operation.CREATE, UpdateState.IN_PROGRESS)
            .create("b")
            .inFlight("a", Operation.CREATE, null)
            .state(CommandState.CANCELING);
    GraphRun run = GraphRun.replay(c.view(), 50);

    assertThat(run.cancel(false).orElseThrow().ksuids()).containsExactly(c.ksuid("b"));
    assertThat(launch(run)).containsExactly(c.node("a", Operation.CREATE));
  }

  @Test
  void aLateEndOfANodeThatIsNotRunningIsRefused() {
    CommandSketch c = command().create("a");
    GraphRun run = GraphRun.replay(c.view(), 50);
    NodeKey a = launch(run).get(0);
    run.ended(a, UpdateState.SUCCESS);

    assertThat(run.isRunning(a)).isFalse();
    assertThatThrownBy(() -> run.ended(a, UpdateState.SUCCESS))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void expectedFinalStateFollowsTheUpdatesFinalStates() {
    CommandSketch c =
        command()
            .update("a", Operation.CREATE, UpdateState.SUCCESS)
            .update("b", Operation.CREATE, UpdateState.CANCELED);
    assertThat(GraphRun.replay(c.view(), 50).expectedFinalState()).isEqualTo(CommandState.CANCELED);
    CommandSketch d = command().update("a", Operation.CREATE, UpdateState.SUCCESS);
    GraphRun done = GraphRun.replay(d.view(), 50);
    assertThat(done.complete()).isPresent();
    assertThat(done.expectedFinalState()).isEqualTo(CommandState.SUCCESS);
  }

  @Test
  void retriesALostAnswerWithBackoffButNeverAnErrorAnswerOrBeyondMaxRetries() {
    EngineSettings s = EngineSettings.defaults();
    var rnd = new SplittableRandom(3);
    Throwable lost = new TimeoutException("ask timed out");

    Duration first = PersisterRequest.retryDelay(s, lost, 1, rnd);
    assertThat(first).isBetween(s.backoffLowerBound(1), s.backoffUpperBound(1));
    assertThat(PersisterRequest.retryDelay(s, lost, s.maxRetries(), rnd)).isNotNull();
    assertThat(PersisterRequest.retryDelay(s, lost, s.maxRetries() + 1, rnd)).isNull();
    assertThat(
            PersisterRequest.retryDelay(s, new StatusReply.ErrorMessage("no such command"), 1, rnd))
        .isNull();
  }
}
