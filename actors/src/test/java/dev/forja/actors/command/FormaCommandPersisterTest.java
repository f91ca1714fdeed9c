package dev.forja.actors.command;

import static dev.forja.actors.command.CommandFixtures.CONFIG;
import static dev.forja.actors.command.CommandFixtures.NOW;
import static dev.forja.actors.command.CommandFixtures.SECRET;
import static dev.forja.actors.command.CommandFixtures.TARGET;
import static dev.forja.actors.command.CommandFixtures.cloudProperties;
import static dev.forja.actors.command.CommandFixtures.command;
import static dev.forja.actors.command.CommandFixtures.context;
import static dev.forja.actors.command.CommandFixtures.creating;
import static dev.forja.actors.command.CommandFixtures.deleting;
import static dev.forja.actors.command.CommandFixtures.freshId;
import static dev.forja.actors.command.CommandFixtures.replacing;
import static dev.forja.actors.command.CommandFixtures.updating;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forja.actors.command.FormaCommandPersister.Accept;
import dev.forja.actors.command.FormaCommandPersister.Command;
import dev.forja.actors.command.FormaCommandPersister.Complete;
import dev.forja.actors.command.FormaCommandPersister.GetCommand;
import dev.forja.actors.command.FormaCommandPersister.GetView;
import dev.forja.actors.command.FormaCommandPersister.RecordAttempt;
import dev.forja.actors.command.FormaCommandPersister.RecordCancel;
import dev.forja.actors.command.FormaCommandPersister.RecordDependentsFailed;
import dev.forja.actors.command.FormaCommandPersister.RecordFinished;
import dev.forja.actors.command.FormaCommandPersister.RecordRequestToken;
import dev.forja.actors.command.FormaCommandPersister.Recorded;
import dev.forja.actors.command.internal.CommandData;
import dev.forja.actors.command.internal.CommandEvent;
import dev.forja.actors.command.internal.CommandEvent.CancelRequested;
import dev.forja.actors.command.internal.CommandEvent.CommandAccepted;
import dev.forja.actors.command.internal.CommandEvent.DependentsFailed;
import dev.forja.actors.command.internal.CommandEvent.UpdateAttemptStarted;
import dev.forja.actors.command.internal.CommandEvent.UpdateFinished;
import dev.forja.actors.command.internal.CommandEvent.UpdateRequestTokenRecorded;
import dev.forja.actors.command.internal.PersisterState;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.store.InMemoryCommandStore;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Records: what each one persists, and what a late or duplicate one leaves alone. */
@ExtendWith(LogCapturingExtension.class)
class FormaCommandPersisterTest {
  private static final ActorTestKit testKit = ActorTestKit.create(CONFIG);

  private final InMemoryCommandStore store = new InMemoryCommandStore();
  private TestProbe<CommandProgress> progress;
  private String id;
  private EventSourcedBehaviorTestKit<Command, CommandEvent, PersisterState> persister;

  @BeforeEach
  void freshCommand() {
    id = freshId();
    progress = testKit.createTestProbe(CommandProgress.class);
    persister =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            FormaCommandPersister.create(id, context(store, 100), progress.ref()),
            CommandFixtures.JOURNAL_SERIALIZATION);
    persister.clear();
  }

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @Test
  void viewReturnsWhatWasAccepted() {
    ResourceUpdate a = creating("a");
    ResourceUpdate b = creating("b");
    FormaCommand planned = command(id, a, b);
    List<GraphEdge> edges = List.of(new GraphEdge(1, 0));

    CommandResultWithReply<Command, CommandEvent, PersisterState, StatusReply<Done>> accepted =
        persister.runCommand(r -> new Accept(planned, edges, List.of(TARGET), r));

    assertTrue(accepted.reply().isSuccess());
    assertEquals(new CommandAccepted(id, planned, edges, List.of(TARGET), NOW), accepted.event());
    CommandView view = view();
    assertEquals(planned, view.command());
    assertEquals(edges, view.edges());
    assertEquals(List.of(TARGET), view.targets());
    assertEquals(Map.of(), view.inFlight());
    assertEquals(Set.of(), view.doneNodes());
    CommandProgress first = progress.receiveMessage();
    assertEquals(CommandState.NOT_STARTED, first.state());
    assertEquals(2, first.counts().get(UpdateState.NOT_STARTED));
    assertNull(first.update());
  }

  @Test
  void readModelAndStatusNeverHoldASecret() {
    accept(creating("a"));

    FormaCommand stored = store.find(id).orElseThrow();
    FormaCommand status =
        persister.<StatusReply<FormaCommand>>runCommand(GetCommand::new).reply().getValue();

    assertFalse(stored.toString().contains(SECRET), stored::toString);
    assertFalse(status.toString().contains(SECRET), status::toString);
    assertTrue(view().command().toString().contains(SECRET), "the executor needs clear values");
  }

  @Test
  void theReadModelFollowsTheCommandIntoInProgressAtItsFirstAttempt() {
    ResourceUpdate a = accept(creating("a"), creating("b")).get(0);
    assertEquals(CommandState.NOT_STARTED, store.find(id).orElseThrow().state());

    recordAttempt(a, Operation.CREATE, 1);

    // A listing shows a running command as running, also when read after a restart (L2).
    assertEquals(CommandState.IN_PROGRESS, store.find(id).orElseThrow().state());
  }

  @Test
  void answersErrorsForACommandNeverAccepted() {
    assertEquals(
        "no command " + id,
        persister
            .<StatusReply<CommandView>>runCommand(GetView::new)
            .reply()
            .getError()
            .getMessage());
    assertTrue(persister.<StatusReply<FormaCommand>>runCommand(GetCommand::new).reply().isError());
    assertTrue(
        persister
            .<StatusReply<Recorded>>runCommand(
                r ->
                    new RecordFinished(
                        "x", Operation.CREATE, UpdateState.SUCCESS, null, null, 1, null, null, r))
            .reply()
            .isError());
    assertTrue(
        persister
            .<StatusReply<CommandState>>runCommand(r -> new RecordCancel(List.of(), r))
            .reply()
            .isError());
    CommandResultWithReply<Command, CommandEvent, PersisterState, StatusReply<CommandState>>
        complete = persister.runCommand(Complete::new);
    assertTrue(complete.reply().isError());
    assertTrue(complete.hasNoEvents());
  }

  @Test
  void attemptTokenAndEndMoveTheUpdate() {
    ResourceUpdate a = accept(creating("a")).get(0);
    progress.receiveMessage();

    var attempt = recordAttempt(a, Operation.CREATE, 1);
    assertEquals(
        new UpdateAttemptStarted(id, a.ksuid(), Operation.CREATE, 1, token(a, 1), NOW),
        attempt.event());
    assertEquals(UpdateState.IN_PROGRESS, updateOf(a).state());
    assertEquals(CommandState.IN_PROGRESS, view().command().state());
    assertEquals(
        new InFlight(a.ksuid(), Operation.CREATE, 1, token(a, 1), null),
        inFlight(a, Operation.CREATE));
    CommandProgress started = progress.receiveMessage();
    assertEquals(UpdateState.IN_PROGRESS, started.update().state());
    assertFalse(started.update().toString().contains(SECRET));

    var tokened =
        persister.<StatusReply<Recorded>>runCommand(
            r -> new RecordRequestToken(a.ksuid(), Operation.CREATE, "req-1", "native-a", r));
    assertEquals(new Recorded(true), tokened.reply().getValue());
    assertEquals(
        new UpdateRequestTokenRecorded(id, a.ksuid(), Operation.CREATE, "req-1", "native-a", NOW),
        tokened.event());
    assertEquals("req-1", inFlight(a, Operation.CREATE).requestToken());
    assertEquals("native-a", updateOf(a).nativeId());

    var finished = recordFinished(a, Operation.CREATE, UpdateState.SUCCESS, "native-a");
    assertEquals(new Recorded(true), finished.reply().getValue());
    assertEquals(
        new UpdateFinished(
            id,
            a.ksuid(),
            Operation.CREATE,
            UpdateState.SUCCESS,
            "native-a",
            cloudProperties("a"),
            1,
            null,
            null,
            NOW),
        finished.event());
    ResourceUpdate done = updateOf(a);
    assertEquals(UpdateState.SUCCESS, done.state());
    assertEquals(1, done.attempts());
    assertEquals(Map.of(), view().inFlight());
    assertEquals(Set.of(new NodeKey(a.ksuid(), Operation.CREATE)), view().doneNodes());
    progress.receiveMessage();
    assertEquals(UpdateState.SUCCESS, progress.receiveMessage().update().state());
  }

  @Test
  void lateAndDuplicateEndsChangeNothing() {
    ResourceUpdate a = accept(creating("a")).get(0);
    recordAttempt(a, Operation.CREATE, 1);
    recordFinished(a, Operation.CREATE, UpdateState.SUCCESS, "native-a");
    var before = snapshot();

    var duplicate = recordFinished(a, Operation.CREATE, UpdateState.SUCCESS, "native-a");
    var late = recordFinished(a, Operation.CREATE, UpdateState.FAILED, null);
    var lateAttempt = recordAttempt(a, Operation.CREATE, 2);
    var lateToken =
        persister.<StatusReply<Recorded>>runCommand(
            r -> new RecordRequestToken(a.ksuid(), Operation.CREATE, "req-9", null, r));
    var lateDependents =
        persister.<StatusReply<Recorded>>runCommand(
            r -> new RecordDependentsFailed(List.of(a.ksuid()), "DependencyFailed", "x failed", r));

    for (var r : List.of(duplicate, late, lateAttempt, lateToken, lateDependents)) {
      assertEquals(new Recorded(false), r.reply().getValue());
      assertTrue(r.hasNoEvents());
    }
    assertEquals(before, snapshot());
  }

  @Test
  void refusesARecordNamingNoNodeOfTheCommand() {
    ResourceUpdate a = accept(creating("a")).get(0);

    var unknown = recordFinished(creating("stranger"), Operation.CREATE, UpdateState.SUCCESS, null);
    var wrongOperation = recordAttempt(a, Operation.DELETE, 1);
    var notFinal = recordFinished(a, Operation.CREATE, UpdateState.IN_PROGRESS, null);

    for (var r : List.of(unknown, wrongOperation, notFinal)) {
      assertTrue(r.reply().isError());
      assertTrue(r.hasNoEvents());
    }
  }

  @Test
  void replaceStaysInProgressUntilItsCreateHalfEnds() {
    ResourceUpdate r = accept(replacing("r")).get(0);

    recordAttempt(r, Operation.DELETE, 1);
    recordFinished(r, Operation.DELETE, UpdateState.SUCCESS, "native-r");
    ResourceUpdate halfway = updateOf(r);
    assertEquals(UpdateState.IN_PROGRESS, halfway.state());
    assertNull(halfway.nativeId(), "the old resource is gone, the new one has no id yet");
    assertEquals(Set.of(new NodeKey(r.ksuid(), Operation.DELETE)), view().doneNodes());

    assertEquals(
        new Recorded(false),
        recordFinished(r, Operation.DELETE, UpdateState.SUCCESS, null).reply().getValue());
    assertEquals(new Recorded(false), recordAttempt(r, Operation.DELETE, 2).reply().getValue());

    recordAttempt(r, Operation.CREATE, 1);
    assertEquals(UpdateState.IN_PROGRESS, updateOf(r).state());
    recordFinished(r, Operation.CREATE, UpdateState.SUCCESS, "native-r2");
    ResourceUpdate replaced = updateOf(r);
    assertEquals(UpdateState.SUCCESS, replaced.state());
    assertEquals("native-r2", replaced.nativeId());
    assertEquals(
        Set.of(new NodeKey(r.ksuid(), Operation.DELETE), new NodeKey(r.ksuid(), Operation.CREATE)),
        view().doneNodes());
  }

  @Test
  void failedDeleteHalfFailsTheReplace() {
    ResourceUpdate r = accept(replacing("r")).get(0);
    recordAttempt(r, Operation.DELETE, 1);

    recordFinished(r, Operation.DELETE, UpdateState.FAILED, null);

    assertEquals(UpdateState.FAILED, updateOf(r).state());
    assertEquals(Set.of(), view().doneNodes());
  }

  @Test
  void deleteWithoutNativeIdSucceedsWithoutAnAttempt() {
    ResourceUpdate d = accept(deleting("d")).get(0);

    recordFinished(d, Operation.DELETE, UpdateState.SUCCESS, null);

    assertEquals(UpdateState.SUCCESS, updateOf(d).state());
    assertEquals(CommandState.IN_PROGRESS, view().command().state());
  }

  @Test
  void dependentsFailWithoutTouchingFinalUpdates() {
    List<ResourceUpdate> u = accept(creating("a"), updating("b"), creating("c"));
    ResourceUpdate a = u.get(0);
    recordAttempt(a, Operation.CREATE, 1);
    recordFinished(a, Operation.CREATE, UpdateState.FAILED, null);

    var failed =
        persister.<StatusReply<Recorded>>runCommand(
            r ->
                new RecordDependentsFailed(
                    List.of(a.ksuid(), u.get(1).ksuid(), u.get(2).ksuid(), u.get(2).ksuid()),
                    "DependencyFailed",
                    "depends on web/a, which failed",
                    r));

    assertEquals(new Recorded(true), failed.reply().getValue());
    assertEquals(
        new DependentsFailed(
            id,
            List.of(u.get(1).ksuid(), u.get(2).ksuid()),
            "DependencyFailed",
            "depends on web/a, which failed",
            NOW),
        failed.event());
    assertEquals("boom", updateOf(a).message(), "a keeps its own failure");
    for (ResourceUpdate dependent : u.subList(1, 3)) {
      ResourceUpdate now = updateOf(dependent);
      assertEquals(UpdateState.FAILED, now.state());
      assertEquals("DependencyFailed", now.errorCode());
    }
    assertEquals(3, view().command().counts().get(UpdateState.FAILED));
  }

  @Test
  void cancelIsCancelingAtOnceAndCancelsOnlyWhatHadNotStarted() {
    List<ResourceUpdate> u = accept(creating("a"), creating("b"), creating("c"));
    recordAttempt(u.get(0), Operation.CREATE, 1);
    List<String> all = u.stream().map(ResourceUpdate::ksuid).toList();

    var cancel = persister.<StatusReply<CommandState>>runCommand(r -> new RecordCancel(all, r));

    assertEquals(CommandState.CANCELING, cancel.reply().getValue());
    assertEquals(new CancelRequested(id, all.subList(1, 3), NOW), cancel.event());
    assertEquals(UpdateState.IN_PROGRESS, updateOf(u.get(0)).state());
    assertEquals(UpdateState.CANCELED, updateOf(u.get(1)).state());
    assertEquals(UpdateState.CANCELED, updateOf(u.get(2)).state());
    assertEquals(
        CommandState.CANCELING, store.find(id).orElseThrow().state(), "status shows it (L11)");

    var again = persister.<StatusReply<CommandState>>runCommand(r -> new RecordCancel(all, r));
    assertEquals(CommandState.CANCELING, again.reply().getValue());
    assertTrue(again.hasNoEvents());

    var late = recordFinished(u.get(0), Operation.CREATE, UpdateState.SUCCESS, "native-a");
    assertEquals(new Recorded(true), late.reply().getValue(), "in-flight calls still report");
    assertEquals(UpdateState.SUCCESS, updateOf(u.get(0)).state());
  }

  @Test
  void cancelBeforeAnythingStartedIsCancelingToo() {
    ResourceUpdate a = accept(creating("a")).get(0);

    var cancel =
        persister.<StatusReply<CommandState>>runCommand(
            r -> new RecordCancel(List.of(a.ksuid()), r));

    assertEquals(CommandState.CANCELING, cancel.reply().getValue());
    assertEquals(UpdateState.CANCELED, updateOf(a).state());
  }

  // ---- helpers ----

  private List<ResourceUpdate> accept(ResourceUpdate... updates) {
    persister.<StatusReply<Done>>runCommand(
        r -> new Accept(command(id, updates), List.of(), List.of(TARGET), r));
    return List.of(updates);
  }

  private CommandResultWithReply<Command, CommandEvent, PersisterState, StatusReply<Recorded>>
      recordAttempt(ResourceUpdate u, Operation op, int attempt) {
    return persister.runCommand(
        r -> new RecordAttempt(u.ksuid(), op, attempt, token(u, attempt), r));
  }

  private CommandResultWithReply<Command, CommandEvent, PersisterState, StatusReply<Recorded>>
      recordFinished(ResourceUpdate u, Operation op, UpdateState state, String nativeId) {
    boolean ok = state == UpdateState.SUCCESS;
    return persister.runCommand(
        r ->
            new RecordFinished(
                u.ksuid(),
                op,
                state,
                nativeId,
                ok && op != Operation.DELETE ? cloudProperties(u.label()) : null,
                1,
                ok ? null : "InternalFailure",
                ok ? null : "boom",
                r));
  }

  private String token(ResourceUpdate u, int attempt) {
    return id + "-" + u.ksuid() + "-" + attempt;
  }

  private CommandView view() {
    return persister.<StatusReply<CommandView>>runCommand(GetView::new).reply().getValue();
  }

  private ResourceUpdate updateOf(ResourceUpdate u) {
    return view().command().updates().stream()
        .filter(x -> x.ksuid().equals(u.ksuid()))
        .findFirst()
        .orElseThrow();
  }

  private InFlight inFlight(ResourceUpdate u, Operation op) {
    return view().inFlight().get(new NodeKey(u.ksuid(), op));
  }

  private Object snapshot() {
    return ((CommandData) persister.getState()).toSnapshot();
  }
}
