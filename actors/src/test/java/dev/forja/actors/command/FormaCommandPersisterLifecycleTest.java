package dev.forja.actors.command;

import static dev.forja.actors.command.CommandFixtures.CONFIG;
import static dev.forja.actors.command.CommandFixtures.NOW;
import static dev.forja.actors.command.CommandFixtures.TARGET;
import static dev.forja.actors.command.CommandFixtures.command;
import static dev.forja.actors.command.CommandFixtures.context;
import static dev.forja.actors.command.CommandFixtures.creating;
import static dev.forja.actors.command.CommandFixtures.freshId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forja.actors.EngineContext;
import dev.forja.actors.command.FormaCommandPersister.Accept;
import dev.forja.actors.command.FormaCommandPersister.Command;
import dev.forja.actors.command.FormaCommandPersister.Complete;
import dev.forja.actors.command.FormaCommandPersister.GetView;
import dev.forja.actors.command.FormaCommandPersister.RecordAttempt;
import dev.forja.actors.command.FormaCommandPersister.RecordCancel;
import dev.forja.actors.command.FormaCommandPersister.RecordFinished;
import dev.forja.actors.command.FormaCommandPersister.Recorded;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.store.InMemoryCommandStore;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The actor's life: completion ends the command and stops it; a journal failure restarts it. These
 * spawn the persister as the bridge does, so they can watch it stop and restart.
 */
@ExtendWith(LogCapturingExtension.class)
class FormaCommandPersisterLifecycleTest {
  private static final ActorTestKit testKit = ActorTestKit.create(CONFIG);
  private static final PersistenceTestKit journal = PersistenceTestKit.create(testKit.system());

  private final InMemoryCommandStore store = new InMemoryCommandStore();
  // Short journal-failure backoff (it comes from the retry backoff settings), so a restart is
  // quick.
  private final EngineContext context = withShortBackoff(context(store, 100));
  private TestProbe<CommandProgress> progress;
  private String id;

  @BeforeEach
  void freshCommand() {
    id = freshId();
    progress = testKit.createTestProbe(CommandProgress.class);
    journal.clearAll();
  }

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @Test
  void successfulUpdatesEndTheCommandInSuccessAndStopIt() {
    ActorRef<Command> persister = spawn();
    List<ResourceUpdate> u = accept(persister, creating("a"), creating("b"));
    u.forEach(x -> succeed(persister, x));

    CommandState state = ask(persister, CommandState.class, Complete::new);

    assertEquals(CommandState.SUCCESS, state);
    progress.expectTerminated(persister);
    FormaCommand stored = store.find(id).orElseThrow();
    assertEquals(CommandState.SUCCESS, stored.state());
    assertEquals(NOW, stored.endTs());
    CommandProgress last = lastProgress();
    assertTrue(last.isFinal());
    assertEquals(2, last.counts().get(UpdateState.SUCCESS));
  }

  @Test
  void aFailedUpdateEndsTheCommandFailed() {
    ActorRef<Command> persister = spawn();
    List<ResourceUpdate> u = accept(persister, creating("a"), creating("b"));
    succeed(persister, u.get(0));
    ask(
        persister,
        Recorded.class,
        r -> new RecordAttempt(u.get(1).ksuid(), Operation.CREATE, 1, "t", r));
    ask(persister, Recorded.class, r -> finished(u.get(1), UpdateState.FAILED, r));

    assertEquals(CommandState.FAILED, ask(persister, CommandState.class, Complete::new));
    assertEquals(CommandState.FAILED, store.find(id).orElseThrow().state());
  }

  @Test
  void aCanceledCommandEndsCanceledWhateverItsInFlightUpdatesDid() {
    ActorRef<Command> persister = spawn();
    List<ResourceUpdate> u = accept(persister, creating("a"), creating("b"));
    ask(
        persister,
        Recorded.class,
        r -> new RecordAttempt(u.get(0).ksuid(), Operation.CREATE, 1, "t", r));
    ask(persister, CommandState.class, r -> new RecordCancel(List.of(u.get(1).ksuid()), r));
    ask(persister, Recorded.class, r -> finished(u.get(0), UpdateState.SUCCESS, r));

    assertEquals(CommandState.CANCELED, ask(persister, CommandState.class, Complete::new));
    assertEquals(CommandState.CANCELED, store.find(id).orElseThrow().state());
  }

  @Test
  void aFinishedCommandKeepsItsStateAndStopsAgainOnComplete() {
    ActorRef<Command> first = spawn();
    List<ResourceUpdate> u = accept(first, creating("a"));
    succeed(first, u.get(0));
    ask(first, CommandState.class, Complete::new);
    progress.expectTerminated(first);
    int events = journal.persistedInStorage(pid()).size();
    progress.receiveSeveralMessages(4);

    ActorRef<Command> again = spawn();
    assertEquals(
        CommandState.SUCCESS, ask(again, CommandView.class, GetView::new).command().state());
    assertEquals(
        CommandState.SUCCESS,
        ask(again, CommandState.class, r -> new RecordCancel(List.of(u.get(0).ksuid()), r)));
    assertEquals(
        new Recorded(false),
        ask(again, Recorded.class, r -> finished(u.get(0), UpdateState.FAILED, r)));
    assertEquals(CommandState.SUCCESS, ask(again, CommandState.class, Complete::new));

    progress.expectTerminated(again);
    assertEquals(events, journal.persistedInStorage(pid()).size(), "nothing more persisted");
    progress.expectNoMessage(Duration.ofMillis(50));
  }

  @Test
  void aFailedJournalWriteRestartsTheActorWithItsStateIntact() {
    ActorRef<Command> persister = spawn();
    List<ResourceUpdate> u = accept(persister, creating("a"), creating("b"));
    ask(
        persister,
        Recorded.class,
        r -> new RecordAttempt(u.get(0).ksuid(), Operation.CREATE, 1, "t", r));
    journal.failNextPersisted(pid());

    TestProbe<StatusReply<Recorded>> lost = testKit.createTestProbe();
    persister.tell(finished(u.get(0), UpdateState.SUCCESS, lost.ref()));
    lost.expectNoMessage(Duration.ofMillis(100));

    // Recovered from the journal, not on top of the state it had: nothing applied twice.
    CommandView view = ask(persister, CommandView.class, GetView::new);
    assertEquals(1, view.command().counts().get(UpdateState.IN_PROGRESS));
    assertEquals(1, view.command().counts().get(UpdateState.NOT_STARTED));
    assertEquals(2, view.command().updates().size());
    assertEquals(
        new Recorded(true),
        ask(persister, Recorded.class, r -> finished(u.get(0), UpdateState.SUCCESS, r)));
  }

  // ---- helpers ----

  private static EngineContext withShortBackoff(EngineContext c) {
    return new EngineContext(
        c.settings().toBuilder()
            .backoffBase(Duration.ofMillis(10))
            .backoffMax(Duration.ofMillis(50))
            .build(),
        c.plugins(),
        c.inventory(),
        c.commands(),
        c.clock(),
        c.ksuids(),
        c.random(),
        c.metrics());
  }

  private ActorRef<Command> spawn() {
    return testKit.spawn(FormaCommandPersister.create(id, context, progress.ref()));
  }

  private String pid() {
    return PersistenceId.of(FormaCommandPersister.TYPE, id).id();
  }

  private List<ResourceUpdate> accept(ActorRef<Command> persister, ResourceUpdate... updates) {
    Done done =
        ask(
            persister,
            Done.class,
            r -> new Accept(command(id, updates), List.of(), List.of(TARGET), r));
    assertEquals(Done.getInstance(), done);
    return List.of(updates);
  }

  private void succeed(ActorRef<Command> persister, ResourceUpdate u) {
    ask(
        persister,
        Recorded.class,
        r -> new RecordAttempt(u.ksuid(), Operation.CREATE, 1, "t-" + u.ksuid(), r));
    ask(persister, Recorded.class, r -> finished(u, UpdateState.SUCCESS, r));
  }

  private static RecordFinished finished(
      ResourceUpdate u, UpdateState state, ActorRef<StatusReply<Recorded>> r) {
    boolean ok = state == UpdateState.SUCCESS;
    return new RecordFinished(
        u.ksuid(),
        Operation.CREATE,
        state,
        ok ? "native-" + u.label() : null,
        null,
        1,
        ok ? null : "InternalFailure",
        ok ? null : "boom",
        r);
  }

  private CommandProgress lastProgress() {
    CommandProgress p = progress.receiveMessage();
    while (!p.isFinal()) {
      p = progress.receiveMessage();
    }
    return p;
  }

  @SuppressWarnings("unchecked")
  private static <T> T ask(
      ActorRef<Command> persister,
      Class<T> reply,
      Function<ActorRef<StatusReply<T>>, Command> message) {
    TestProbe<StatusReply<T>> replies =
        testKit.createTestProbe((Class<StatusReply<T>>) (Class<?>) StatusReply.class);
    persister.tell(message.apply(replies.ref()));
    return reply.cast(replies.receiveMessage().getValue());
  }
}
