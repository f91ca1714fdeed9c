package dev.forja.loadtest.engine;

import dev.forja.actors.command.CommandProgress;
import dev.forja.engine.command.ResourceUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * The duration of every update of one command, from a subscription to its progress: from the first
 * change of the update the persister recorded (its attempt: InProgress) to the change that made it
 * final. Both ends are the progress's {@code at}, the time the persister recorded the change, so
 * the delivery's own delay does not count. An update whose start was recorded before the
 * subscription began is counted as unmeasured rather than guessed.
 *
 * <p>The engine calls {@link #accept} one progress at a time; the results are read from another
 * thread once the command has ended, hence the lock.
 */
public final class UpdateDurations implements Consumer<CommandProgress> {
  /** Microseconds, up to an hour, 3 significant digits. */
  private final Histogram micros = new Histogram(Duration.ofHours(1).toNanos() / 1_000, 3);

  private final Map<String, Instant> started = new HashMap<>();
  private long unmeasured;
  private long progresses;
  private long measured;
  private final CompletableFuture<Void> finalSeen = new CompletableFuture<>();

  @Override
  public synchronized void accept(CommandProgress p) {
    progresses++;
    if (p.isFinal()) {
      finalSeen.complete(null);
    }
    ResourceUpdate u = p.update();
    if (u == null) {
      return;
    }
    // A replace runs as two nodes on one ksuid; the key keeps them apart.
    String key = u.ksuid() + "/" + u.operation();
    if (!u.state().isFinal()) {
      started.putIfAbsent(key, p.at());
      return;
    }
    Instant from = started.remove(key);
    if (from == null) {
      unmeasured++;
      return;
    }
    measured++;
    long us = Math.max(0, Duration.between(from, p.at()).toNanos() / 1_000);
    micros.recordValue(Math.min(us, micros.getHighestTrackableValue()));
  }

  /** A copy of the durations recorded so far, in microseconds. */
  public synchronized Histogram micros() {
    return micros.copy();
  }

  /**
   * Completes once the command's final progress has arrived: progress reaches one subscriber in
   * order, so every update's end has been seen by then.
   */
  public CompletionStage<Void> finalSeen() {
    return finalSeen;
  }

  /** Updates whose duration was recorded. */
  public synchronized long measured() {
    return measured;
  }

  /** Updates that ended without their start seen (it came before the subscription). */
  public synchronized long unmeasured() {
    return unmeasured;
  }

  /** Progress messages received. */
  public synchronized long progresses() {
    return progresses;
  }
}
