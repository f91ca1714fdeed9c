package dev.forja.actors.command;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotProtocol;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.typed.PersistenceId;

/**
 * Clears an ended command's journal: once the command's final snapshot (opaque values digested) is
 * stored, deletes every event it covers and every older snapshot, so that no store holds a secret
 * in clear after the command (issue 5) and an ended command costs one record.
 *
 * <p>One janitor per command, spawned when the command ends; it stops when done. It talks to the
 * journal and snapshot store through Pekko's plugin protocol:
 *
 * <pre>
 *  LoadSnapshot(latest) ─► snapshot at s ─► ReplayMessages(s+1.., max 0) ─► highest h
 *     h == s: DeleteMessagesTo(s) ─► DeleteSnapshots(seq &lt; s) ─► stop
 *     h  > s: the final snapshot is not stored yet: ask again after a pause (bounded)
 * </pre>
 *
 * A failure or a snapshot that never comes is logged and leaves the events in place: nothing is
 * lost, the command keeps its full journal.
 */
public final class JournalJanitor {
  static final int MAX_ATTEMPTS = 50;
  static final Duration PAUSE = Duration.ofMillis(200);

  private final ActorContext<Object> context;
  private final TimerScheduler<Object> timers;
  private final String persistenceId;
  private final org.apache.pekko.actor.ActorRef journal;
  private final org.apache.pekko.actor.ActorRef snapshots;
  private final org.apache.pekko.actor.ActorRef self;
  private int attempts;
  private long snapshotSeq;

  private enum Retry {
    INSTANCE
  }

  private JournalJanitor(
      ActorContext<Object> context, TimerScheduler<Object> timers, String commandId) {
    this.context = context;
    this.timers = timers;
    this.persistenceId = PersistenceId.of(FormaCommandPersister.TYPE, commandId).id();
    Persistence persistence = Persistence.get(context.getSystem());
    this.journal = persistence.journalFor(null, persistence.journalFor$default$2());
    this.snapshots = persistence.snapshotStoreFor(null, persistence.snapshotStoreFor$default$2());
    this.self = Adapter.toClassic(context.getSelf());
  }

  /** A janitor for the ended command {@code commandId}; it starts at once. */
  public static Behavior<Object> create(String commandId) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> {
                  JournalJanitor j = new JournalJanitor(ctx, timers, commandId);
                  j.loadSnapshot();
                  return j.behavior();
                }));
  }

  /** Spawns a janitor for {@code commandId} as a child of {@code parent}'s actor. */
  public static ActorRef<Object> spawn(ActorContext<?> parent, String commandId) {
    return parent.spawnAnonymous(create(commandId));
  }

  private Behavior<Object> behavior() {
    return Behaviors.receive(Object.class)
        .onMessage(SnapshotProtocol.LoadSnapshotResult.class, this::onSnapshot)
        .onMessage(SnapshotProtocol.LoadSnapshotFailed.class, m -> fail("load", m.cause()))
        .onMessage(JournalProtocol.RecoverySuccess.class, this::onHighest)
        .onMessage(JournalProtocol.ReplayMessagesFailure.class, m -> fail("read", m.cause()))
        .onMessage(JournalProtocol.ReplayedMessage.class, m -> Behaviors.same())
        .onMessage(org.apache.pekko.persistence.DeleteMessagesSuccess.class, m -> onEventsDeleted())
        .onMessage(
            org.apache.pekko.persistence.DeleteMessagesFailure.class,
            m -> fail("delete events of", m.cause()))
        .onMessage(
            org.apache.pekko.persistence.DeleteSnapshotsSuccess.class,
            m -> {
              context.getLog().debug("{}: journal cleared to {}", persistenceId, snapshotSeq);
              return Behaviors.stopped();
            })
        .onMessage(
            org.apache.pekko.persistence.DeleteSnapshotsFailure.class,
            m -> fail("delete old snapshots of", m.cause()))
        .onMessageEquals(Retry.INSTANCE, this::onRetry)
        .build();
  }

  private void loadSnapshot() {
    attempts++;
    snapshots.tell(
        new SnapshotProtocol.LoadSnapshot(
            persistenceId, SnapshotSelectionCriteria.latest(), Long.MAX_VALUE),
        self);
  }

  private Behavior<Object> onSnapshot(SnapshotProtocol.LoadSnapshotResult m) {
    if (m.snapshot().isEmpty()) {
      return later();
    }
    SelectedSnapshot s = m.snapshot().get();
    snapshotSeq = s.metadata().sequenceNr();
    journal.tell(
        new JournalProtocol.ReplayMessages(snapshotSeq + 1, Long.MAX_VALUE, 0, persistenceId, self),
        self);
    return Behaviors.same();
  }

  private Behavior<Object> onHighest(JournalProtocol.RecoverySuccess m) {
    if (m.highestSequenceNr() > snapshotSeq) {
      return later(); // the final snapshot is still being written
    }
    journal.tell(new JournalProtocol.DeleteMessagesTo(persistenceId, snapshotSeq, self), self);
    return Behaviors.same();
  }

  private Behavior<Object> onEventsDeleted() {
    snapshots.tell(
        new SnapshotProtocol.DeleteSnapshots(
            persistenceId,
            SnapshotSelectionCriteria.create(snapshotSeq - 1, Long.MAX_VALUE, 0L, 0L)),
        self);
    return Behaviors.same();
  }

  private Behavior<Object> later() {
    if (attempts >= MAX_ATTEMPTS) {
      context
          .getLog()
          .warn(
              "{}: no final snapshot after {} looks; its events stay in the journal",
              persistenceId,
              attempts);
      return Behaviors.stopped();
    }
    timers.startSingleTimer(Retry.INSTANCE, PAUSE);
    return Behaviors.same();
  }

  private Behavior<Object> onRetry() {
    loadSnapshot();
    return Behaviors.same();
  }

  private Behavior<Object> fail(String what, Throwable cause) {
    context
        .getLog()
        .warn("{}: cannot {} the ended command's journal; it stays", persistenceId, what, cause);
    return Behaviors.stopped();
  }
}
