package dev.forja.persistence.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.DeleteMessagesSuccess;
import org.apache.pekko.persistence.JournalProtocol.DeleteMessagesTo;
import org.apache.pekko.persistence.JournalProtocol.RecoverySuccess;
import org.apache.pekko.persistence.JournalProtocol.ReplayMessages;
import org.apache.pekko.persistence.JournalProtocol.ReplayMessagesFailure;
import org.apache.pekko.persistence.JournalProtocol.ReplayedMessage;
import org.apache.pekko.persistence.JournalProtocol.WriteMessageRejected;
import org.apache.pekko.persistence.JournalProtocol.WriteMessageSuccess;
import org.apache.pekko.persistence.JournalProtocol.WriteMessages;
import org.apache.pekko.persistence.JournalProtocol.WriteMessagesSuccessful$;
import org.apache.pekko.persistence.PersistentEnvelope;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The journal plugin contract, written once and run against every journal Forja ships (SQLite,
 * PostgreSQL) and against Pekko's in-memory journal, which keeps the suite itself honest.
 *
 * <p>It drives the plugin actor with {@link WriteMessages}, {@link ReplayMessages} and {@link
 * DeleteMessagesTo} from probes standing in for persistent actors, as Pekko's (ScalaTest) TCK does,
 * and checks what a persistent actor would see: acknowledgements, replays, highest sequence
 * numbers. Every event is a {@link ContractPayload}, serialized by jackson-cbor.
 */
public abstract class JournalContract extends PersistencePluginContract {

  private static final int ACTOR_INSTANCE = 1;

  private final String writerUuid = UUID.randomUUID().toString();

  // ---- write and replay ----

  @Test
  void replaysEveryEventInTheOrderWritten() {
    String pid = pid("order");
    writeEvents(pid, 1, 5);

    Replay replay = replay(pid, 1, Long.MAX_VALUE, Long.MAX_VALUE);

    assertThat(replay.sequenceNrs()).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(replay.texts()).containsExactly("e-1", "e-2", "e-3", "e-4", "e-5");
    assertThat(replay.events())
        .allSatisfy(
            e -> {
              assertThat(e.persistenceId()).isEqualTo(pid);
              assertThat(e.writerUuid()).isEqualTo(writerUuid);
              assertThat(e.deleted()).isFalse();
            });
    assertThat(replay.highestSequenceNr()).isEqualTo(5);
  }

  @Test
  void replaysOnlyTheRequestedRangeButReportsTheHighestSequenceNumber() {
    String pid = pid("range");
    writeEvents(pid, 1, 5);

    Replay middle = replay(pid, 2, 4, Long.MAX_VALUE);
    Replay fromThree = replay(pid, 3, Long.MAX_VALUE, Long.MAX_VALUE);
    Replay upToTwo = replay(pid, 1, 2, Long.MAX_VALUE);

    assertThat(middle.sequenceNrs()).containsExactly(2L, 3L, 4L);
    assertThat(fromThree.sequenceNrs()).containsExactly(3L, 4L, 5L);
    assertThat(upToTwo.sequenceNrs()).containsExactly(1L, 2L);
    assertThat(List.of(middle, fromThree, upToTwo))
        .extracting(Replay::highestSequenceNr)
        .containsOnly(5L);
  }

  @Test
  void replaysAtMostMaxEvents() {
    String pid = pid("max");
    writeEvents(pid, 1, 5);

    assertThat(replay(pid, 1, Long.MAX_VALUE, 3).sequenceNrs()).containsExactly(1L, 2L, 3L);
    assertThat(replay(pid, 2, 4, 1).sequenceNrs()).containsExactly(2L);
    assertThat(replay(pid, 1, Long.MAX_VALUE, 0).sequenceNrs()).isEmpty();
  }

  @Test
  void replaysNothingWhenTheLowerBoundIsAboveTheUpperBound() {
    String pid = pid("inverted");
    writeEvents(pid, 1, 5);

    Replay replay = replay(pid, 3, 2, Long.MAX_VALUE);

    assertThat(replay.events()).isEmpty();
    assertThat(replay.highestSequenceNr()).isEqualTo(5);
  }

  @Test
  void replaysNothingForAnUnknownPersistenceIdAndReportsSequenceNumberZero() {
    Replay replay = replay(pid("unknown"), 1, Long.MAX_VALUE, Long.MAX_VALUE);

    assertThat(replay.events()).isEmpty();
    assertThat(replay.highestSequenceNr()).isZero();
  }

  @Test
  void reportsTheHighestSequenceNumberAfterEachWrite() {
    String pid = pid("highest");
    writeEvents(pid, 1, 3);
    assertThat(replay(pid, 1, Long.MAX_VALUE, Long.MAX_VALUE).highestSequenceNr()).isEqualTo(3);

    writeEvents(pid, 4, 7);

    assertThat(replay(pid, 1, Long.MAX_VALUE, Long.MAX_VALUE).highestSequenceNr()).isEqualTo(7);
    assertThat(replay(pid, 8, Long.MAX_VALUE, Long.MAX_VALUE).highestSequenceNr()).isEqualTo(7);
  }

  @Test
  void roundTripsALargePayload() {
    String pid = pid("large");
    String text = "x".repeat(256 * 1024);
    TestKit probe = probe();
    write(probe, atomic(event(pid, 1, text)));
    expectWritten(probe, 1);

    assertThat(replay(pid, 1, Long.MAX_VALUE, Long.MAX_VALUE).texts()).containsExactly(text);
  }

  // ---- atomic writes ----

  @Test
  void writesSeveralAtomicWritesOfSeveralEventsInOneRequest() {
    String pid = pid("atomic");
    TestKit probe = probe();

    write(
        probe,
        atomic(event(pid, 1, "a-1"), event(pid, 2, "a-2"), event(pid, 3, "a-3")),
        atomic(event(pid, 4, "a-4"), event(pid, 5, "a-5")));

    assertThat(expectWritten(probe, 5)).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(replay(pid, 1, Long.MAX_VALUE, Long.MAX_VALUE).texts())
        .containsExactly("a-1", "a-2", "a-3", "a-4", "a-5");
  }

  @Test
  void rejectsAnEventThatCannotBeSerializedWithoutFailingTheOthers() {
    String pid = pid("reject");
    String other = pid("reject-other");
    TestKit probe = probe();

    write(
        probe,
        atomic(event(pid, 1, "r-1")),
        atomic(repr(pid, 2, new UnserializablePayload("r-2"))),
        atomic(event(pid, 3, "r-3")),
        atomic(event(other, 1, "o-1")));

    probe.expectMsgEquals(TIMEOUT, WriteMessagesSuccessful$.MODULE$);
    assertThat(probe.expectMsgClass(TIMEOUT, WriteMessageSuccess.class).persistent().sequenceNr())
        .isEqualTo(1);
    WriteMessageRejected rejected = probe.expectMsgClass(TIMEOUT, WriteMessageRejected.class);
    assertThat(rejected.message().sequenceNr()).isEqualTo(2);
    assertThat(rejected.message().payload()).isEqualTo(new UnserializablePayload("r-2"));
    assertThat(probe.expectMsgClass(TIMEOUT, WriteMessageSuccess.class).persistent().sequenceNr())
        .isEqualTo(3);
    assertThat(probe.expectMsgClass(TIMEOUT, WriteMessageSuccess.class).persistent().sequenceNr())
        .isEqualTo(1);

    assertThat(replay(pid, 1, Long.MAX_VALUE, Long.MAX_VALUE).texts())
        .containsExactly("r-1", "r-3");
    assertThat(replay(other, 1, Long.MAX_VALUE, Long.MAX_VALUE).texts()).containsExactly("o-1");
    writeEvents(pid, 4, 4);
    assertThat(replay(pid, 1, Long.MAX_VALUE, Long.MAX_VALUE).texts())
        .containsExactly("r-1", "r-3", "e-4");
  }

  @Test
  void rejectsAWholeAtomicWriteWhenOneOfItsEventsCannotBeSerialized() {
    String pid = pid("reject-atomic");
    TestKit probe = probe();
    writeEvents(pid, 1, 1);

    write(
        probe,
        atomic(
            event(pid, 2, "a-2"),
            repr(pid, 3, new UnserializablePayload("a-3")),
            event(pid, 4, "a-4")));

    probe.expectMsgEquals(TIMEOUT, WriteMessagesSuccessful$.MODULE$);
    for (long seq = 2; seq <= 4; seq++) {
      assertThat(probe.expectMsgClass(TIMEOUT, WriteMessageRejected.class).message().sequenceNr())
          .isEqualTo(seq);
    }
    assertThat(replay(pid, 1, Long.MAX_VALUE, Long.MAX_VALUE).texts()).containsExactly("e-1");
  }

  // ---- deletes ----

  @Test
  void doesNotReplayDeletedEvents() {
    String pid = pid("delete");
    writeEvents(pid, 1, 5);

    deleteTo(pid, 3);

    Replay replay = replay(pid, 1, Long.MAX_VALUE, Long.MAX_VALUE);
    assertThat(replay.sequenceNrs()).containsExactly(4L, 5L);
    assertThat(replay.highestSequenceNr()).isEqualTo(5);
    assertThat(replay(pid, 1, 3, Long.MAX_VALUE).events()).isEmpty();
  }

  @Test
  void keepsTheHighestSequenceNumberAfterDeletingEveryEvent() {
    String pid = pid("delete-all");
    writeEvents(pid, 1, 5);

    deleteTo(pid, Long.MAX_VALUE);

    Replay replay = replay(pid, 1, Long.MAX_VALUE, Long.MAX_VALUE);
    assertThat(replay.events()).isEmpty();
    assertThat(replay.highestSequenceNr()).isEqualTo(5);
  }

  @Test
  void continuesAfterTheHighestSequenceNumberOnceEveryEventIsDeleted() {
    String pid = pid("delete-continue");
    writeEvents(pid, 1, 3);
    deleteTo(pid, 3);

    writeEvents(pid, 4, 5);

    Replay replay = replay(pid, 1, Long.MAX_VALUE, Long.MAX_VALUE);
    assertThat(replay.sequenceNrs()).containsExactly(4L, 5L);
    assertThat(replay.highestSequenceNr()).isEqualTo(5);
  }

  @Test
  void deletingAgainUpToALowerSequenceNumberChangesNothing() {
    String pid = pid("delete-lower");
    writeEvents(pid, 1, 5);
    deleteTo(pid, 3);

    deleteTo(pid, 1);

    assertThat(replay(pid, 1, Long.MAX_VALUE, Long.MAX_VALUE).sequenceNrs())
        .containsExactly(4L, 5L);
  }

  // ---- isolation and concurrency ----

  @Test
  void keepsPersistenceIdsApart() {
    String a = pid("apart-a");
    String b = pid("apart-b");
    TestKit probe = probe();
    write(
        probe,
        atomic(event(a, 1, "a-1")),
        atomic(event(b, 1, "b-1")),
        atomic(event(a, 2, "a-2")),
        atomic(event(b, 2, "b-2"), event(b, 3, "b-3")));
    expectWritten(probe, 5);

    deleteTo(a, Long.MAX_VALUE);

    assertThat(replay(a, 1, Long.MAX_VALUE, Long.MAX_VALUE).events()).isEmpty();
    Replay replayB = replay(b, 1, Long.MAX_VALUE, Long.MAX_VALUE);
    assertThat(replayB.texts()).containsExactly("b-1", "b-2", "b-3");
    assertThat(replayB.highestSequenceNr()).isEqualTo(3);
    assertThat(replay(pid("apart"), 1, Long.MAX_VALUE, Long.MAX_VALUE).highestSequenceNr())
        .isZero();
  }

  @Test
  void concurrentWritersEachReplayCompleteAndInOrder() {
    int writers = 50;
    int eventsEach = 20;
    List<String> pids = new ArrayList<>();
    List<TestKit> probes = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      pids.add(pid("concurrent-" + w));
      probes.add(probe());
    }

    // Every writer has one write in flight at a time, as a persistent actor does, and all 50 are
    // in flight together: the next write of a writer goes out as soon as its last one is acked.
    for (int w = 0; w < writers; w++) {
      write(probes.get(w), atomic(event(pids.get(w), 1, pids.get(w) + ":1")));
    }
    for (long seq = 2; seq <= eventsEach + 1; seq++) {
      for (int w = 0; w < writers; w++) {
        expectWritten(probes.get(w), 1);
        if (seq <= eventsEach) {
          write(probes.get(w), atomic(event(pids.get(w), seq, pids.get(w) + ":" + seq)));
        }
      }
    }

    for (String pid : pids) {
      Replay replay = replay(pid, 1, Long.MAX_VALUE, Long.MAX_VALUE);
      assertThat(replay.sequenceNrs())
          .as(pid)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, eventsEach).boxed().toList());
      assertThat(replay.texts())
          .as(pid)
          .allSatisfy(t -> assertThat(t).startsWith(pid + ":"))
          .last()
          .isEqualTo(pid + ":" + eventsEach);
      assertThat(replay.highestSequenceNr()).isEqualTo(eventsEach);
    }
  }

  // ---- durability ----

  @Test
  void replaysAfterTheSystemRestartsOnTheSameStore() {
    String pid = pid("restart");
    String emptied = pid("restart-emptied");
    writeEvents(pid, 1, 5);
    deleteTo(pid, 2);
    writeEvents(emptied, 1, 3);
    deleteTo(emptied, Long.MAX_VALUE);

    restartSystem();

    Replay replay = replay(pid, 1, Long.MAX_VALUE, Long.MAX_VALUE);
    assertThat(replay.texts()).containsExactly("e-3", "e-4", "e-5");
    assertThat(replay.highestSequenceNr()).isEqualTo(5);
    writeEvents(pid, 6, 6);
    assertThat(replay(pid, 1, Long.MAX_VALUE, Long.MAX_VALUE).sequenceNrs())
        .containsExactly(3L, 4L, 5L, 6L);
    // A persistent actor whose events are all deleted continues after its last sequence number.
    Replay emptiedReplay = replay(emptied, 1, Long.MAX_VALUE, Long.MAX_VALUE);
    assertThat(emptiedReplay.events()).isEmpty();
    assertThat(emptiedReplay.highestSequenceNr()).isEqualTo(3);
  }

  // ---- helpers ----

  /** What a replay delivered: the events in order, then the highest sequence number. */
  protected record Replay(List<PersistentRepr> events, long highestSequenceNr) {
    List<Long> sequenceNrs() {
      return events.stream().map(PersistentRepr::sequenceNr).toList();
    }

    List<String> texts() {
      return events.stream().map(e -> ((ContractPayload) e.payload()).text()).toList();
    }
  }

  /** Writes events {@code from..to} of {@code pid}, one atomic write each, and awaits the acks. */
  protected final void writeEvents(String pid, long from, long to) {
    TestKit probe = probe();
    AtomicWrite[] writes =
        LongStream.rangeClosed(from, to)
            .mapToObj(seq -> atomic(event(pid, seq, "e-" + seq)))
            .toArray(AtomicWrite[]::new);
    write(probe, writes);
    assertThat(expectWritten(probe, writes.length))
        .containsExactlyElementsOf(LongStream.rangeClosed(from, to).boxed().toList());
  }

  /** Sends one {@link WriteMessages} of {@code writes} on behalf of {@code probe}. */
  protected final void write(TestKit probe, AtomicWrite... writes) {
    List<PersistentEnvelope> envelopes = new ArrayList<>(Arrays.asList(writes));
    journal()
        .tell(
            new WriteMessages(
                CollectionConverters.asScala(envelopes).toList(), probe.getRef(), ACTOR_INSTANCE),
            probe.getRef());
  }

  /**
   * Expects the acknowledgement of a successful {@link WriteMessages} with {@code events} events,
   * and returns their sequence numbers in the order acknowledged.
   */
  protected final List<Long> expectWritten(TestKit probe, int events) {
    probe.expectMsgEquals(TIMEOUT, WriteMessagesSuccessful$.MODULE$);
    List<Long> acked = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      Object reply = probe.expectMsgClass(TIMEOUT, Object.class);
      if (!(reply instanceof WriteMessageSuccess success)) {
        throw new AssertionError("expected WriteMessageSuccess, got " + reply);
      }
      assertThat(success.actorInstanceId()).isEqualTo(ACTOR_INSTANCE);
      acked.add(success.persistent().sequenceNr());
    }
    return acked;
  }

  /** Replays {@code pid} to a fresh probe and collects everything up to the final reply. */
  protected final Replay replay(String pid, long from, long to, long max) {
    TestKit probe = probe();
    journal().tell(new ReplayMessages(from, to, max, pid, probe.getRef()), ActorRef.noSender());
    List<PersistentRepr> events = new ArrayList<>();
    while (true) {
      Object reply = probe.expectMsgClass(TIMEOUT, Object.class);
      if (reply instanceof ReplayedMessage replayed) {
        events.add(replayed.persistent());
      } else if (reply instanceof RecoverySuccess success) {
        return new Replay(List.copyOf(events), success.highestSequenceNr());
      } else if (reply instanceof ReplayMessagesFailure failure) {
        throw new AssertionError("replay of " + pid + " failed", failure.cause());
      } else {
        return fail("unexpected reply to a replay: " + reply);
      }
    }
  }

  /** Deletes {@code pid}'s events up to {@code toSequenceNr} and awaits the confirmation. */
  protected final void deleteTo(String pid, long toSequenceNr) {
    TestKit probe = probe();
    journal().tell(new DeleteMessagesTo(pid, toSequenceNr, probe.getRef()), probe.getRef());
    DeleteMessagesSuccess done = probe.expectMsgClass(TIMEOUT, DeleteMessagesSuccess.class);
    assertThat(done.toSequenceNr()).isEqualTo(toSequenceNr);
  }

  /** An event of {@code pid} carrying a {@link ContractPayload}. */
  protected final PersistentRepr event(String pid, long seq, String text) {
    return repr(pid, seq, new ContractPayload(text));
  }

  /** An event of {@code pid} carrying any payload, as a persistent actor hands it over. */
  protected final PersistentRepr repr(String pid, long seq, Object payload) {
    return PersistentRepr.apply(
        payload, seq, pid, PersistentRepr.Undefined(), false, ActorRef.noSender(), writerUuid);
  }

  /** One atomic write of {@code events}, all of one persistence id. */
  protected static AtomicWrite atomic(PersistentRepr... events) {
    return new AtomicWrite(CollectionConverters.asScala(Arrays.asList(events)).toList());
  }
}
