package dev.forja.cli.client.progress;

import dev.forja.engine.command.UpdateState;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws a command's progress from the {@link ProgressSnapshot}s of a {@link ProgressTracker}: call
 * {@link #render} with each; the one whose command has ended draws the final summary.
 *
 * <p>{@link #live} draws on a terminal: a progress bar with the counts per state, the updates in
 * flight, redrawn in place, and failures printed above it as they happen. {@link #plain} is for
 * logs and pipes: one line per update that reaches a final state, then the summary.
 */
public interface ProgressRenderer {
  /** Draws {@code snapshot}; the last one of a command (its state final) ends the display. */
  void render(ProgressSnapshot snapshot);

  /** One line per update that ends, then the summary: for output that is not a terminal. */
  static ProgressRenderer plain(PrintWriter out) {
    return new PlainProgressRenderer(out);
  }

  /**
   * A live display for a terminal {@code columns} wide, redrawn in place with ANSI cursor moves.
   */
  static ProgressRenderer live(PrintWriter out, int columns) {
    return new LiveProgressRenderer(out, columns);
  }

  /**
   * The final line: {@code Command ID ended Failed: 37 succeeded, 2 failed, 1 canceled of 40 in
   * 8.1s.}
   */
  static String summary(ProgressSnapshot s) {
    List<String> parts = new ArrayList<>();
    parts.add(s.count(UpdateState.SUCCESS) + " succeeded");
    for (UpdateState bad :
        List.of(UpdateState.FAILED, UpdateState.REJECTED, UpdateState.CANCELED)) {
      if (s.count(bad) > 0) {
        parts.add(s.count(bad) + " " + bad.wire().toLowerCase(Locale.ROOT));
      }
    }
    int unfinished = s.total() - s.done();
    if (unfinished > 0) {
      parts.add(unfinished + " unfinished");
    }
    return String.format(
        Locale.ROOT,
        "Command %s ended %s: %s of %d in %s.",
        s.commandId(),
        s.state(),
        String.join(", ", parts),
        s.total(),
        duration(s.elapsed()));
  }

  /** {@code 8.1s}, or {@code 2m05s} from a minute on. */
  static String duration(Duration d) {
    long millis = Math.max(0, d.toMillis());
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }
    long seconds = millis / 1000;
    return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
  }

  /** {@code Success 16 Failed 1 InProgress 5}: the states that have updates, in state order. */
  static String counts(ProgressSnapshot s) {
    List<String> parts = new ArrayList<>();
    for (UpdateState state : UpdateState.values()) {
      if (s.count(state) > 0) {
        parts.add(state.wire() + " " + s.count(state));
      }
    }
    return parts.isEmpty() ? "no updates" : String.join("  ", parts);
  }
}
