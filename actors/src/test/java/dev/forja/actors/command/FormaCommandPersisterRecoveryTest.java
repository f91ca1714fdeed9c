package dev.forja.actors.command;

import static dev.forja.actors.command.CommandFixtures.CONFIG;
import static dev.forja.actors.command.CommandFixtures.TARGET;
import static dev.forja.actors.command.CommandFixtures.command;
import static dev.forja.actors.command.CommandFixtures.context;
import static dev.forja.actors.command.CommandFixtures.creating;
import static dev.forja.actors.command.CommandFixtures.freshId;
import static dev.forja.actors.command.CommandFixtures.replacing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forja.actors.command.FormaCommandPersister.Accept;
import dev.forja.actors.command.FormaCommandPersister.Command;
import dev.forja.actors.command.FormaCommandPersister.GetView;
import dev.forja.actors.command.FormaCommandPersister.RecordAttempt;
import dev.forja.actors.command.FormaCommandPersister.RecordCancel;
import dev.forja.actors.command.FormaCommandPersister.RecordDependentsFailed;
import dev.forja.actors.command.FormaCommandPersister.RecordFinished;
import dev.forja.actors.command.FormaCommandPersister.RecordRequestToken;
import dev.forja.actors.command.FormaCommandPersister.Recorded;
import dev.forja.actors.command.internal.CommandData;
import dev.forja.actors.command.internal.CommandEvent;
import dev.forja.actors.command.internal.CommandSnapshot;
import dev.forja.actors.command.internal.PersisterState;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.store.InMemoryCommandStore;
import java.util.List;
import java.util.Map;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.SnapshotTestKit;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A restart rebuilds the command exactly, from events or from snapshots (lessons L1, L5). */
@ExtendWith(LogCapturingExtension.class)
class FormaCommandPersisterRecoveryTest {
  private static final ActorTestKit testKit = ActorTestKit.create(CONFIG);

  private final String id = freshId();
  private final TestProbe<CommandProgress> progress =
      testKit.createTestProbe(CommandProgress.class);

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @Test
  void restartKeepsFinalStatesCountsAndTokens() {
    var persister = persister(100);
    List<ResourceUpdate> u = midCommand(persister);
    CommandSnapshot before = snapshotOf(persister.getState());

    PersisterState recovered = persister.restart().state();

    assertEquals(before, snapshotOf(recovered));
    CommandView view = view(persister);
    Map<UpdateState, Integer> counts = view.command().counts();
    assertEquals(1, counts.get(UpdateState.SUCCESS));
    assertEquals(1, counts.get(UpdateState.FAILED));
    assertEquals(2, counts.get(UpdateState.IN_PROGRESS));
    assertEquals(1, counts.get(UpdateState.NOT_STARTED));
    assertEquals(
        new InFlight(u.get(2).ksuid(), Operation.CREATE, 2, "token-2", "req-2"),
        view.inFlight().get(new NodeKey(u.get(2).ksuid(), Operation.CREATE)));
    assertTrue(view.doneNodes().contains(new NodeKey(u.get(4).ksuid(), Operation.DELETE)));
    assertEquals(
        new Recorded(false),
        persister
            .<StatusReply<Recorded>>runCommand(
                r ->
                    new RecordFinished(
                        u.get(0).ksuid(),
                        Operation.CREATE,
                        UpdateState.FAILED,
                        null,
                        null,
                        1,
                        "x",
                        "late",
                        r))
            .reply()
            .getValue(),
        "a final state stays final after a restart (L1)");
  }

  @Test
  void recoversFromSnapshotsAloneWhenTheirEventsAreGone() {
    var persister = persister(1);
    midCommand(persister);
    // Five updates: a snapshot every ten events (twice the size); the tenth is the last one here.
    persister.<StatusReply<CommandState>>runCommand(r -> new RecordCancel(List.of(), r));
    CommandSnapshot before = snapshotOf(persister.getState());
    SnapshotTestKit snapshots = persister.snapshotTestKit().orElseThrow();
    String pid = PersistenceId.of(FormaCommandPersister.TYPE, id).id();
    assertEquals(1, snapshots.persistedInStorage(pid).size());

    persister.persistenceTestKit().clearByIdPreservingSeqNumbers(pid);
    PersisterState recovered = persister.restart().state();

    assertEquals(before, snapshotOf(recovered));
    assertEquals(CommandState.CANCELING, view(persister).command().state());
  }

  /**
   * Ten events on a five-update command: a succeeded, b failed, c in flight with its second
   * attempt's token, d never started, e a replace whose DELETE half is done; then a cancel.
   */
  private List<ResourceUpdate> midCommand(
      EventSourcedBehaviorTestKit<Command, CommandEvent, PersisterState> persister) {
    List<ResourceUpdate> u =
        List.of(creating("a"), creating("b"), creating("c"), creating("d"), replacing("e"));
    persister.<StatusReply<Done>>runCommand(
        r ->
            new Accept(
                command(id, u.toArray(ResourceUpdate[]::new)),
                List.of(new GraphEdge(1, 0)),
                List.of(TARGET),
                r));
    attempt(persister, u.get(0), Operation.CREATE, 1);
    finish(persister, u.get(0), Operation.CREATE, UpdateState.SUCCESS);
    attempt(persister, u.get(2), Operation.CREATE, 1);
    attempt(persister, u.get(2), Operation.CREATE, 2);
    persister.<StatusReply<Recorded>>runCommand(
        r -> new RecordRequestToken(u.get(2).ksuid(), Operation.CREATE, "req-2", "native-c", r));
    persister.<StatusReply<Recorded>>runCommand(
        r -> new RecordDependentsFailed(List.of(u.get(1).ksuid()), "DependencyFailed", "x", r));
    attempt(persister, u.get(4), Operation.DELETE, 1);
    finish(persister, u.get(4), Operation.DELETE, UpdateState.SUCCESS);
    return u;
  }

  private EventSourcedBehaviorTestKit<Command, CommandEvent, PersisterState> persister(
      int snapshotEvery) {
    var kit =
        EventSourcedBehaviorTestKit.<Command, CommandEvent, PersisterState>create(
            testKit.system(),
            FormaCommandPersister.create(
                id, context(new InMemoryCommandStore(), snapshotEvery), progress.ref()),
            CommandFixtures.JOURNAL_SERIALIZATION);
    kit.clear();
    return kit;
  }

  private static void attempt(
      EventSourcedBehaviorTestKit<Command, CommandEvent, PersisterState> persister,
      ResourceUpdate u,
      Operation op,
      int attempt) {
    persister.<StatusReply<Recorded>>runCommand(
        r -> new RecordAttempt(u.ksuid(), op, attempt, "token-" + attempt, r));
  }

  private static void finish(
      EventSourcedBehaviorTestKit<Command, CommandEvent, PersisterState> persister,
      ResourceUpdate u,
      Operation op,
      UpdateState state) {
    persister.<StatusReply<Recorded>>runCommand(
        r ->
            new RecordFinished(
                u.ksuid(), op, state, "native-" + u.label(), null, 1, null, null, r));
  }

  private static CommandView view(
      EventSourcedBehaviorTestKit<Command, CommandEvent, PersisterState> persister) {
    return persister.<StatusReply<CommandView>>runCommand(GetView::new).reply().getValue();
  }

  private static CommandSnapshot snapshotOf(PersisterState state) {
    return ((CommandData) state).toSnapshot();
  }
}
