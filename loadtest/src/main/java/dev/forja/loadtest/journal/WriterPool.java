package dev.forja.loadtest.journal;

import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The benchmark's guardian: spawns the writers and watches them. A writer that fails (its persist
 * failed or was rejected) is counted in the {@link Load} and, unless the load drains, replaced by a
 * writer on a fresh persistence id, so that the load stays at the same number of actors. When every
 * writer has stopped, {@code stopped} completes.
 */
final class WriterPool extends AbstractBehavior<Void> {
  private final Load load;
  private final String filler;
  private final CompletableFuture<Void> stopped;
  private int running;
  private int generation;

  private WriterPool(
      ActorContext<Void> context,
      int writers,
      Load load,
      String filler,
      CompletableFuture<Void> stopped) {
    super(context);
    this.load = load;
    this.filler = filler;
    this.stopped = stopped;
    for (int i = 0; i < writers; i++) {
      spawnWriter();
    }
  }

  /** A pool of {@code writers} writers persisting {@code filler}-sized events. */
  static Behavior<Void> create(
      int writers, Load load, String filler, CompletableFuture<Void> stopped) {
    return Behaviors.setup(context -> new WriterPool(context, writers, load, filler, stopped));
  }

  @Override
  public Receive<Void> createReceive() {
    return newReceiveBuilder()
        .onSignal(ChildFailed.class, this::onChildFailed)
        .onSignal(Terminated.class, this::onStopped)
        .build();
  }

  private Behavior<Void> onChildFailed(ChildFailed failed) {
    load.failed(failed.getCause());
    if (load.draining()) {
      return onStopped(failed);
    }
    running--;
    spawnWriter();
    return this;
  }

  private Behavior<Void> onStopped(Terminated terminated) {
    running--;
    if (running == 0) {
      stopped.complete(null);
    }
    return this;
  }

  private void spawnWriter() {
    String id = "journal-bench-" + generation++;
    ActorRef<JournalWriter.Command> writer =
        getContext().spawn(JournalWriter.create(id, load, filler), id);
    getContext().watch(writer);
    running++;
  }
}
