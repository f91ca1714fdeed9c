package dev.forja.actors.command;

import static dev.forja.actors.command.CommandFixtures.CONFIG;
import static dev.forja.actors.command.CommandFixtures.freshId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forja.actors.command.CommandRegistry.Command;
import dev.forja.actors.command.CommandRegistry.Ended;
import dev.forja.actors.command.CommandRegistry.GetOpen;
import dev.forja.actors.command.CommandRegistry.Register;
import dev.forja.actors.command.internal.OpenCommands;
import dev.forja.actors.command.internal.RegistryEvent;
import dev.forja.actors.command.internal.RegistryEvent.CommandEnded;
import dev.forja.actors.command.internal.RegistryEvent.CommandRegistered;
import java.util.List;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The open commands survive restarts: what start-up resumes (L1, L2). */
@ExtendWith(LogCapturingExtension.class)
class CommandRegistryTest {
  private static final ActorTestKit testKit = ActorTestKit.create(CONFIG);
  private static final String PID = PersistenceId.of(CommandRegistry.TYPE, CommandRegistry.ID).id();

  private final String a = freshId();
  private final String b = freshId();
  private final String c = freshId();
  private EventSourcedBehaviorTestKit<Command, RegistryEvent, OpenCommands> registry;

  @BeforeEach
  void emptyJournal() {
    registry =
        EventSourcedBehaviorTestKit.create(
            testKit.system(), CommandRegistry.create(3), CommandFixtures.JOURNAL_SERIALIZATION);
    registry.clear();
  }

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @Test
  void listsOpenCommandsInRegistrationOrder() {
    register(c);
    register(a);
    register(b);

    assertEquals(List.of(c, a, b), List.copyOf(open()));
  }

  @Test
  void registeringOrEndingTwicePersistsOnce() {
    var first = registry.<StatusReply<Done>>runCommand(r -> new Register(a, r));
    var again = registry.<StatusReply<Done>>runCommand(r -> new Register(a, r));
    var ended = registry.<StatusReply<Done>>runCommand(r -> new Ended(a, r));
    var endedAgain = registry.<StatusReply<Done>>runCommand(r -> new Ended(a, r));
    var neverOpen = registry.<StatusReply<Done>>runCommand(r -> new Ended(b, r));

    assertEquals(new CommandRegistered(a), first.event());
    assertEquals(new CommandEnded(a), ended.event());
    for (var r : List.of(first, again, ended, endedAgain, neverOpen)) {
      assertTrue(r.reply().isSuccess());
    }
    assertTrue(again.hasNoEvents());
    assertTrue(endedAgain.hasNoEvents());
    assertTrue(neverOpen.hasNoEvents());
  }

  @Test
  void registeredAndEndedSurviveARestart() {
    register(a);
    register(b);
    register(c);
    registry.<StatusReply<Done>>runCommand(r -> new Ended(b, r));

    registry.restart();

    assertEquals(List.of(a, c), List.copyOf(open()));
  }

  @Test
  void recoversFromItsSnapshotWhenTheEventsAreGone() {
    register(a);
    register(b);
    registry.<StatusReply<Done>>runCommand(r -> new Ended(a, r));
    assertEquals(1, registry.snapshotTestKit().orElseThrow().persistedInStorage(PID).size());

    registry.persistenceTestKit().clearByIdPreservingSeqNumbers(PID);
    registry.restart();

    assertEquals(List.of(b), List.copyOf(open()));
  }

  private void register(String id) {
    registry.<StatusReply<Done>>runCommand(r -> new Register(id, r));
  }

  private Set<String> open() {
    return registry.<Set<String>>runCommand(GetOpen::new).reply();
  }
}
