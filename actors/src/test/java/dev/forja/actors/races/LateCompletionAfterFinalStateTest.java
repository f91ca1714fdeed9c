package dev.forja.actors.races;

import static dev.forja.actors.races.EngineHarness.update;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.actors.command.CommandProgress;
import dev.forja.actors.command.FormaCommandPersister;
import dev.forja.actors.command.FormaCommandPersister.Recorded;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.plugin.ErrorCodes;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.Test;

/**
 * Lesson L1's other half: a final state never changes. Completions that arrive after an update
 * ended, repeated or contradicting it, are answered {@code Recorded(false)}, change nothing,
 * persist nothing and publish nothing.
 */
class LateCompletionAfterFinalStateTest {
  private static final Duration QUIET = Duration.ofMillis(300);

  @Test
  void duplicateAndContradictingCompletionsAreIgnoredAndPersistNothing() {
    try (EngineHarness h = EngineHarness.create()) {
      DirectCommand c =
          DirectCommand.accept(h, SimFormas.stack("late").queue("a").queue("b").json());
      String a = update(c.command(), "a").ksuid();
      finish(h, c, a);
      awaitProgress(c.progress(), a, UpdateState.SUCCESS);
      FormaCommand settled = c.now(h);
      assertThat(update(settled, "a").state()).isEqualTo(UpdateState.SUCCESS);
      PersistenceTestKit journal = h.journal();
      String pid = EngineHarness.persistenceId(c.id());
      skipPersisted(journal, pid);

      for (Function<ActorRef<StatusReply<Recorded>>, FormaCommandPersister.Command> late :
          lateMessages(a)) {
        assertThat(ask(h, c.persister(), late)).isEqualTo(new Recorded(false));
      }

      journal.expectNothingPersisted(pid, QUIET);
      c.progress().expectNoMessage(Duration.ofMillis(50));
      assertThat(c.now(h)).isEqualTo(settled);
    }
  }

  @Test
  void lateCompletionAfterTheCommandEndedIsIgnoredAfterRecovery() {
    try (EngineHarness h = EngineHarness.create()) {
      DirectCommand c = DirectCommand.accept(h, SimFormas.stack("ended").queue("a").json());
      String a = update(c.command(), "a").ksuid();
      finish(h, c, a);
      TestProbe<StatusReply<CommandState>> completed = h.testKit.createTestProbe();
      c.persister().tell(new FormaCommandPersister.Complete(completed.ref()));
      assertThat(completed.receiveMessage(EngineHarness.QUERY).getValue())
          .isEqualTo(CommandState.SUCCESS);
      completed.expectTerminated(c.persister(), EngineHarness.PATIENCE);

      TestProbe<CommandProgress> progress = h.testKit.createTestProbe();
      ActorRef<FormaCommandPersister.Command> recovered =
          h.testKit.spawn(FormaCommandPersister.create(c.id(), h.context, progress.ref()));
      PersistenceTestKit journal = h.journal();
      String pid = EngineHarness.persistenceId(c.id());
      skipPersisted(journal, pid);

      for (Function<ActorRef<StatusReply<Recorded>>, FormaCommandPersister.Command> late :
          lateMessages(a)) {
        assertThat(ask(h, recovered, late)).isEqualTo(new Recorded(false));
      }

      journal.expectNothingPersisted(pid, QUIET);
      progress.expectNoMessage(Duration.ofMillis(50));
      TestProbe<StatusReply<FormaCommand>> now = h.testKit.createTestProbe();
      recovered.tell(new FormaCommandPersister.GetCommand(now.ref()));
      FormaCommand after = now.receiveMessage(EngineHarness.QUERY).getValue();
      assertThat(after.state()).isEqualTo(CommandState.SUCCESS);
      assertThat(update(after, "a").state()).isEqualTo(UpdateState.SUCCESS);
      assertThat(update(after, "a").nativeId()).isEqualTo("native-a");
    }
  }

  /** Records attempt 1 of {@code ksuid}'s create, then its success. */
  private static void finish(EngineHarness h, DirectCommand c, String ksuid) {
    assertThat(
            ask(
                h,
                c.persister(),
                r ->
                    new FormaCommandPersister.RecordAttempt(
                        ksuid, Operation.CREATE, 1, "token-" + ksuid + "-1", r)))
        .isEqualTo(new Recorded(true));
    assertThat(ask(h, c.persister(), r -> success(ksuid, r))).isEqualTo(new Recorded(true));
  }

  /** The same success again, a contradicting failure, a dependency failure, a new attempt. */
  private static List<Function<ActorRef<StatusReply<Recorded>>, FormaCommandPersister.Command>>
      lateMessages(String ksuid) {
    return List.of(
        r -> success(ksuid, r),
        r ->
            new FormaCommandPersister.RecordFinished(
                ksuid,
                Operation.CREATE,
                UpdateState.FAILED,
                null,
                null,
                2,
                ErrorCodes.INTERNAL_FAILURE,
                "a failure reported after the success",
                r),
        r ->
            new FormaCommandPersister.RecordDependentsFailed(
                List.of(ksuid), ErrorCodes.DEPENDENCY_FAILED, "depends on late/x, which failed", r),
        r ->
            new FormaCommandPersister.RecordAttempt(
                ksuid, Operation.CREATE, 2, "token-" + ksuid + "-2", r));
  }

  private static FormaCommandPersister.RecordFinished success(
      String ksuid, ActorRef<StatusReply<Recorded>> replyTo) {
    ObjectNode props = JsonNodeFactory.instance.objectNode();
    props.put("QueueName", "late-" + ksuid);
    props.put("Arn", "arn:aws:sqs:us-east-1:123456789012:late-" + ksuid);
    return new FormaCommandPersister.RecordFinished(
        ksuid, Operation.CREATE, UpdateState.SUCCESS, "native-a", props, 1, null, null, replyTo);
  }

  private static Recorded ask(
      EngineHarness h,
      ActorRef<FormaCommandPersister.Command> persister,
      Function<ActorRef<StatusReply<Recorded>>, FormaCommandPersister.Command> message) {
    TestProbe<StatusReply<Recorded>> probe = h.testKit.createTestProbe();
    persister.tell(message.apply(probe.ref()));
    StatusReply<Recorded> reply = probe.receiveMessage(EngineHarness.QUERY);
    assertThat(reply.isSuccess()).as("reply: %s", reply).isTrue();
    return reply.getValue();
  }

  /** Consumes the progress published so far, up to {@code ksuid} reaching {@code state}. */
  private static void awaitProgress(
      TestProbe<CommandProgress> progress, String ksuid, UpdateState state) {
    progress.fishForMessage(
        EngineHarness.PATIENCE,
        p -> {
          ResourceUpdate u = p.update();
          return u != null && u.ksuid().equals(ksuid) && u.state() == state
              ? FishingOutcomes.complete()
              : FishingOutcomes.continueAndIgnore();
        });
  }

  /** Marks every event persisted so far as seen, so that only later ones count. */
  private static void skipPersisted(PersistenceTestKit journal, String pid) {
    int seen = journal.persistedInStorage(pid).size();
    journal.receivePersisted(pid, seen, Object.class);
  }
}
