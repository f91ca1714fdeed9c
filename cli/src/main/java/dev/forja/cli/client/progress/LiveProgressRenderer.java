package dev.forja.cli.client.progress;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@link ProgressRenderer#live}: a block of lines redrawn in place (cursor up, clear to the end of
 * the screen), with failures printed above it so that they stay. Lines are cut to the terminal's
 * width: a wrapped line would throw off the count of lines to move up.
 */
final class LiveProgressRenderer implements ProgressRenderer {
  private static final String ESC = "\u001b[";
  private static final int BAR = 30;
  private static final int MAX_IN_FLIGHT = 8;

  private final PrintWriter out;
  private final int columns;
  private int drawn;
  private int failuresShown;
  private boolean finished;

  LiveProgressRenderer(PrintWriter out, int columns) {
    this.out = out;
    this.columns = Math.max(40, columns);
  }

  @Override
  public synchronized void render(ProgressSnapshot s) {
    if (finished) {
      return;
    }
    StringBuilder b = new StringBuilder();
    if (drawn > 0) {
      b.append('\r').append(ESC).append(drawn).append('A').append(ESC).append("0J");
    }
    // Failures first, outside the block: they are not redrawn, so they stay on the screen.
    for (UpdateView f : s.failures().subList(failuresShown, s.failures().size())) {
      b.append(cut("x " + f.state() + "  " + f.operation() + "  " + f.key() + "  " + f.type()))
          .append('\n');
      if (!f.why().isEmpty()) {
        b.append(cut("    " + f.why())).append('\n');
      }
    }
    failuresShown = s.failures().size();
    List<String> block = block(s);
    block.forEach(line -> b.append(cut(line)).append('\n'));
    if (s.ended()) {
      finished = true;
      b.append(ProgressRenderer.summary(s)).append('\n');
      drawn = 0;
    } else {
      drawn = block.size();
    }
    out.print(b);
    out.flush();
  }

  private List<String> block(ProgressSnapshot s) {
    List<String> lines = new ArrayList<>();
    int total = s.total();
    int done = s.done();
    int filled = total == 0 ? BAR : done * BAR / total;
    String bar = "=".repeat(filled) + (filled < BAR ? ">" + " ".repeat(BAR - filled - 1) : "");
    lines.add(
        String.format(
            Locale.ROOT,
            "%s %s [%s] %d/%d %3d%%  %s",
            s.commandId(),
            s.state(),
            bar,
            done,
            total,
            total == 0 ? 100 : done * 100 / total,
            ProgressRenderer.duration(s.elapsed())));
    lines.add("  " + ProgressRenderer.counts(s));
    if (s.ended()) {
      return lines;
    }
    List<UpdateView> flying = s.inFlight();
    for (UpdateView u : flying.subList(0, Math.min(MAX_IN_FLIGHT, flying.size()))) {
      lines.add(
          "  > "
              + u.operation()
              + "  "
              + u.key()
              + "  "
              + u.type()
              + (u.attempts() > 1 ? "  (attempt " + u.attempts() + ")" : ""));
    }
    if (flying.size() > MAX_IN_FLIGHT) {
      lines.add("  … " + (flying.size() - MAX_IN_FLIGHT) + " more in flight");
    }
    return lines;
  }

  private String cut(String line) {
    int max = columns - 1;
    return line.length() <= max ? line : line.substring(0, max - 1) + "…";
  }
}
