package dev.forja.actors.changeset;

import static dev.forja.actors.changeset.ChangesetExecutorFixtures.CONFIG;
import static dev.forja.actors.changeset.ChangesetExecutorFixtures.command;
import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.actors.changeset.ChangesetExecutorFixtures.CommandSketch;
import dev.forja.actors.changeset.ChangesetExecutorFixtures.Harness;
import dev.forja.actors.changeset.ChangesetExecutorFixtures.Started;
import dev.forja.actors.command.FormaCommandPersister.Complete;
import dev.forja.actors.command.FormaCommandPersister.GetView;
import dev.forja.actors.command.FormaCommandPersister.RecordCancel;
import dev.forja.actors.command.FormaCommandPersister.RecordDependentsFailed;
import dev.forja.actors.command.NodeKey;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.UpdateState;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Starting from what the journal holds after a restart (L1, L2). */
@ExtendWith(LogCapturingExtension.class)
class ChangesetExecutorResumeTest {
  private static final ActorTestKit testKit = ActorTestKit.create(CONFIG);

  private static final Duration QUIET = Duration.ofMillis(100);

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @Test
  void resumeKeepsFinalStatesReDrivesCallsInFlightAndStartsWhatNeverStarted() {
    CommandSketch c =
        command()
            .update("a", Operation.CREATE, UpdateState.SUCCESS)
            .create("b")
            .update("f", Operation.CREATE, UpdateState.FAILED)
            .update("g", Operation.CREATE, UpdateState.FAILED)
            .create("h")
            .update("r", Operation.REPLACE, UpdateState.IN_PROGRESS)
            .update("i", Operation.CREATE, UpdateState.IN_PROGRESS)
            .update("j", Operation.UPDATE, UpdateState.IN_PROGRESS)
            .waits("b", "a")
            .waits("g", "f")
            .waits("h", "f")
            .done("r", Operation.DELETE)
            .inFlight("i", Operation.CREATE, "req-7")
            .inFlight("j", Operation.UPDATE, null)
            .state(CommandState.IN_PROGRESS);
    Harness h = new Harness(testKit, c, Complete.class);
    h.start();

    RecordDependentsFailed orphans = h.expectPersisted(RecordDependentsFailed.class);
    assertThat(orphans.ksuids()).containsExactly(c.ksuid("h"));
    assertThat(orphans.message()).isEqualTo("depends on web/f, which failed");
    Map<NodeKey, Started> started = h.expectStarted(4);
    assertThat(started)
        .containsOnlyKeys(
            c.node("i", Operation.CREATE),
            c.node("j", Operation.UPDATE),
            c.node("b", Operation.CREATE),
            c.node("r", Operation.CREATE));
    Started i = started.get(c.node("i", Operation.CREATE));
    assertThat(i.spec().resume()).isEqualTo(c.view().inFlight().get(i.node()));
    assertThat(i.spec().resume().requestToken()).isEqualTo("req-7");
    Started j = started.get(c.node("j", Operation.UPDATE));
    assertThat(j.spec().resume().clientToken()).isEqualTo(c.id() + "-" + c.ksuid("j") + "-1");
    assertThat(started.get(c.node("b", Operation.CREATE)).spec().resume()).isNull();
    assertThat(started.get(c.node("r", Operation.CREATE)).spec().resume()).isNull();

    started.values().forEach(s -> h.finish(s, UpdateState.SUCCESS));
    h.expectPersisted(Complete.class).replyTo().tell(StatusReply.success(CommandState.FAILED));
    h.expectEnded(CommandState.FAILED);
    h.started.expectNoMessage(Duration.ZERO);
  }

  @Test
  void aCommandAcceptedButNeverStartedStartsFromTheBeginning() {
    CommandSketch c = command().create("a").create("b").waits("b", "a");
    Harness h = new Harness(testKit, c);
    h.start();

    Started a = h.started.receiveMessage();
    assertThat(a.node()).isEqualTo(c.node("a", Operation.CREATE));
    h.finish(a, UpdateState.SUCCESS);
    h.finish(h.started.receiveMessage(), UpdateState.SUCCESS);
    h.expectPersisted(Complete.class);
    h.expectEnded(CommandState.SUCCESS);
  }

  @Test
  void aCommandWhoseUpdatesAllEndedBeforeTheCrashIsCompletedAtOnce() {
    CommandSketch c =
        command()
            .update("a", Operation.CREATE, UpdateState.SUCCESS)
            .update("b", Operation.CREATE, UpdateState.FAILED)
            .state(CommandState.IN_PROGRESS);
    Harness h = new Harness(testKit, c, Complete.class);
    h.start();

    h.expectPersisted(Complete.class).replyTo().tell(StatusReply.success(CommandState.FAILED));
    h.expectEnded(CommandState.FAILED);
    h.started.expectNoMessage(Duration.ZERO);
  }

  @Test
  void aCommandAlreadyEndedIsReportedAndNothingRuns() {
    CommandSketch c =
        command().update("a", Operation.CREATE, UpdateState.SUCCESS).state(CommandState.SUCCESS);
    Harness h = new Harness(testKit, c);
    h.start();

    h.expectEnded(CommandState.SUCCESS);
    h.persisted.expectNoMessage(QUIET);
    h.started.expectNoMessage(Duration.ZERO);
  }

  @Test
  void aCommandResumedWhileCancelingReDrivesOnlyItsCallsInFlight() {
    CommandSketch c =
        command()
            .update("a", Operation.CREATE, UpdateState.IN_PROGRESS)
            .update("b", Operation.CREATE, UpdateState.CANCELED)
            .create("n")
            .waits("b", "a")
            .inFlight("a", Operation.CREATE, "req-1")
            .state(CommandState.CANCELING);
    Harness h = new Harness(testKit, c);
    h.start();

    assertThat(h.expectPersisted(RecordCancel.class).notStarted()).containsExactly(c.ksuid("n"));
    Started a = h.started.receiveMessage();
    assertThat(a.node()).isEqualTo(c.node("a", Operation.CREATE));
    assertThat(a.spec().resume().requestToken()).isEqualTo("req-1");
    h.cancel().expectMessage(StatusReply.success(CommandState.CANCELING));
    h.finish(a, UpdateState.SUCCESS);

    h.expectPersisted(Complete.class);
    h.expectEnded(CommandState.CANCELED);
    h.started.expectNoMessage(Duration.ZERO);
  }

  @Test
  void aCommandThePersisterDoesNotKnowEndsAtOnceWithoutRetrying() {
    CommandSketch c = command().create("a");
    Harness h = new Harness(testKit, c, GetView.class);
    var canceled = h.cancel();

    h.expectPersisted(GetView.class).replyTo().tell(StatusReply.error("no such command"));

    assertThat(canceled.receiveMessage().isError()).isTrue();
    h.expectEnded(CommandState.NOT_STARTED);
    h.persisted.expectNoMessage(QUIET);
  }
}
