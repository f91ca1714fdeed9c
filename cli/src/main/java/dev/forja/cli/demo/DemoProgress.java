package dev.forja.cli.demo;

import dev.forja.actors.command.CommandProgress;
import dev.forja.cli.client.progress.ProgressRenderer;
import dev.forja.cli.client.progress.ProgressSnapshot;
import dev.forja.cli.client.progress.ProgressTracker;
import dev.forja.cli.client.progress.UpdateView;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.command.UpdateState;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Feeds one command's progress from the embedded engine to the CLI's {@link ProgressRenderer}, as
 * the client verbs do with the agent's event stream. The engine's events draw the command as it
 * runs; its final status, once it has ended, fills in every update whose end no event showed (it
 * ended before the subscription started) and draws the summary. Events come on an engine thread and
 * the end on the caller's, hence the lock.
 */
final class DemoProgress {
  private final ProgressTracker tracker;
  private final ProgressRenderer renderer;
  private boolean finished;

  DemoProgress(String commandId, ProgressRenderer renderer) {
    this.tracker = new ProgressTracker(commandId);
    this.renderer = renderer;
  }

  /** Draws one progress event; the final one is left to {@link #finish}. */
  synchronized void onProgress(CommandProgress progress) {
    if (!finished && !progress.isFinal()) {
      renderer.render(tracker.record(progress));
    }
  }

  /** Draws what the events missed of {@code ended}, then its summary. */
  synchronized void finish(FormaCommand ended) {
    finished = true;
    ProgressSnapshot last = tracker.snapshot();
    Map<UpdateState, Integer> counts = new EnumMap<>(last.counts());
    if (last.total() == 0) {
      counts.put(UpdateState.NOT_STARTED, ended.updates().size());
    }
    for (ResourceUpdate u : ended.updates()) {
      UpdateState before = tracker.seen(u.ksuid()).orElse(UpdateState.NOT_STARTED);
      if (before == u.state()) {
        continue;
      }
      // Move the update from the state it was last seen in, so that lines count up in order.
      counts.merge(before, -1, (a, b) -> Math.max(0, a + b));
      counts.merge(u.state(), 1, Integer::sum);
      renderer.render(tracker.record(last.state(), counts, UpdateView.of(u)));
    }
    if (ended.startTs() != null && ended.endTs() != null) {
      tracker.ran(Duration.between(ended.startTs(), ended.endTs()));
    }
    renderer.render(tracker.record(ended.state(), ended.counts(), null));
  }
}
