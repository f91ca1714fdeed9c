package dev.forja.cli.client.progress;

import dev.forja.engine.command.CommandState;
import java.io.PrintWriter;
import java.util.Locale;

/** {@link ProgressRenderer#plain}: lines that read well in a log. */
final class PlainProgressRenderer implements ProgressRenderer {
  private final PrintWriter out;
  private boolean started;
  private int endsShown;
  private boolean finished;
  private CommandState lastState;

  PlainProgressRenderer(PrintWriter out) {
    this.out = out;
  }

  @Override
  public synchronized void render(ProgressSnapshot s) {
    if (finished) {
      return;
    }
    if (!started) {
      started = true;
      out.printf(
          Locale.ROOT,
          "Command %s: %d %s%n",
          s.commandId(),
          s.total(),
          s.total() == 1 ? "update" : "updates");
    }
    // Of the states before the end, only Canceling says something the lines do not.
    if (s.state() == CommandState.CANCELING && lastState != CommandState.CANCELING) {
      out.printf(Locale.ROOT, "Command %s is Canceling%n", s.commandId());
    }
    lastState = s.state();
    UpdateView u = s.changed();
    if (u != null && u.state().isFinal()) {
      out.println(line(++endsShown, s.total(), u));
    }
    if (s.ended()) {
      finished = true;
      out.println(ProgressRenderer.summary(s));
    }
    out.flush();
  }

  /**
   * {@code [n/total] State operation stack/label type why}. The lines number themselves: the counts
   * of a snapshot may have moved on by several ends when events were missed and caught up.
   */
  static String line(int n, int total, UpdateView u) {
    String why = u.why();
    return String.format(
        Locale.ROOT,
        "[%d/%d] %-8s %-7s %s  %s%s",
        n,
        total,
        u.state(),
        u.operation(),
        u.key(),
        u.type(),
        why.isEmpty() ? "" : "  " + why);
  }
}
