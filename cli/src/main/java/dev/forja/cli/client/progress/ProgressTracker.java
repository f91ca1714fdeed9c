package dev.forja.cli.client.progress;

import dev.forja.actors.command.CommandProgress;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.UpdateState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Folds a command's progress, one change at a time, into the {@link ProgressSnapshot}s a {@link
 * ProgressRenderer} draws. It keeps the updates in flight and the failures so far, and what it has
 * seen of each update, so that a change it is told twice counts once.
 *
 * <p>Feed it from the agent's event stream ({@link #record(CommandState, Map, UpdateView)}) or, in
 * an embedded engine, from {@code ForjaEngine.subscribe} ({@link #record(CommandProgress)}):
 *
 * <pre>{@code
 * ProgressTracker tracker = new ProgressTracker(commandId);
 * ProgressRenderer renderer = ProgressRenderer.plain(out);
 * try (var s = forja.subscribe(commandId, p -> renderer.render(tracker.record(p)))) {
 *   forja.awaitEnd(commandId).toCompletableFuture().join();
 * }
 * }</pre>
 *
 * Not thread-safe: feed it from one thread at a time (subscriptions deliver that way).
 */
public final class ProgressTracker {
  private final String commandId;
  private final Clock clock;
  private final Instant started;
  private final Map<String, UpdateState> seen = new HashMap<>();
  private final Map<String, UpdateView> inFlight = new LinkedHashMap<>();
  private final List<UpdateView> failures = new ArrayList<>();
  private CommandState state = CommandState.NOT_STARTED;
  private Map<UpdateState, Integer> counts = new EnumMap<>(UpdateState.class);
  private Duration ran;

  /** A tracker of {@code commandId} on the system clock, its time counted from now. */
  public ProgressTracker(String commandId) {
    this(commandId, Clock.systemUTC());
  }

  /** A tracker of {@code commandId} timed by {@code clock}, its time counted from now. */
  public ProgressTracker(String commandId, Clock clock) {
    this.commandId = commandId;
    this.clock = clock;
    this.started = clock.instant();
  }

  /** Records an engine-side progress, as {@code ForjaEngine.subscribe} delivers it. */
  public ProgressSnapshot record(CommandProgress p) {
    return record(p.state(), p.counts(), p.update() == null ? null : UpdateView.of(p.update()));
  }

  /**
   * Records one change: the command's state and counts after it, and the update that changed, or
   * null when only the command's state did.
   */
  public ProgressSnapshot record(
      CommandState commandState, Map<UpdateState, Integer> newCounts, UpdateView update) {
    state = commandState;
    counts = new EnumMap<>(UpdateState.class);
    counts.putAll(newCounts);
    UpdateView changed = null;
    if (update != null && seen.get(update.ksuid()) != update.state()) {
      changed = update;
      seen.put(update.ksuid(), update.state());
      if (update.state() == UpdateState.IN_PROGRESS) {
        inFlight.put(update.ksuid(), update);
      } else {
        inFlight.remove(update.ksuid());
      }
      if (update.failed()) {
        failures.add(update);
      }
    }
    return snapshot(changed);
  }

  /** The state an update was last seen in, if it was seen. */
  public Optional<UpdateState> seen(String ksuid) {
    return Optional.ofNullable(seen.get(ksuid));
  }

  /**
   * Sets how long the command ran, when it is known from its timestamps: the final summary shows it
   * instead of the time watched.
   */
  public void ran(Duration duration) {
    this.ran = duration;
  }

  /** The current snapshot, with no update changed. */
  public ProgressSnapshot snapshot() {
    return snapshot(null);
  }

  private ProgressSnapshot snapshot(UpdateView changed) {
    Duration elapsed = ran != null ? ran : Duration.between(started, clock.instant());
    return new ProgressSnapshot(
        commandId, state, counts, changed, new ArrayList<>(inFlight.values()), failures, elapsed);
  }
}
