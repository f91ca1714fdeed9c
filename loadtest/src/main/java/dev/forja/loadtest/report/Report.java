package dev.forja.loadtest.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One run's report: {@code <scenario>-<store>-<count>.md} and its PNG charts. It states the machine
 * (cores, memory, JVM, load average before and after), the command that reproduces the run, the
 * headline figures, tables, charts, and whether the run itself failed.
 */
public final class Report {
  private final String scenario;
  private final String store;
  private final int count;
  private final Map<String, String> figures = new LinkedHashMap<>();
  private final Map<String, String> measuredHow = new LinkedHashMap<>();
  private final Host host;
  private final String loadBefore;
  private final List<Block> blocks = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private String reproduce = "";

  /** A section of the report body, in the order added. */
  sealed interface Block permits Text, Table, LineChart, BarChart {}

  record Text(String markdown) implements Block {}

  record Table(String title, List<String> header, List<List<String>> rows) implements Block {}

  record LineChart(String id, String title, String yLabel, List<TimeSeries> series)
      implements Block {}

  record BarChart(String id, String title, String yLabel, Map<String, Map<String, Double>> groups)
      implements Block {}

  /** A report of {@code scenario} on {@code store} at {@code count} resources. */
  public Report(String scenario, String store, int count) {
    this.scenario = scenario;
    this.store = store;
    this.count = count;
    this.host = Host.current();
    this.loadBefore = Host.loadAverage();
  }

  /** {@code <scenario>-<store>-<count>}: the report's file name without extension. */
  public String stem() {
    return scenario + "-" + store + "-" + count;
  }

  /** The exact command, from the repository root, that reproduces this run. */
  public synchronized void reproduce(String command) {
    this.reproduce = command;
  }

  /**
   * A headline figure, shown in the summary table in the order added; a name set twice is replaced.
   */
  public synchronized void figure(String name, String value) {
    figures.put(name, value);
  }

  /**
   * A headline figure with how it was measured (one line: what was timed or counted, from where to
   * where), shown in the summary table's last column so a reader can trust the figure.
   */
  public synchronized void figure(String name, String value, String how) {
    figures.put(name, value);
    measuredHow.put(name, how);
  }

  /** A paragraph of Markdown. */
  public synchronized void text(String markdown) {
    blocks.add(new Text(markdown));
  }

  /** A table; every row has one cell per header column. */
  public synchronized void table(String title, List<String> header, List<List<String>> rows) {
    blocks.add(new Table(title, List.copyOf(header), List.copyOf(rows)));
  }

  /** A line chart over time, drawn to {@code <stem>-<id>.png}. */
  public synchronized void lineChart(
      String id, String title, String yLabel, List<TimeSeries> series) {
    blocks.add(new LineChart(id, title, yLabel, List.copyOf(series)));
  }

  /**
   * A grouped bar chart, drawn to {@code <stem>-<id>.png}: for each group (an endpoint, say) one
   * bar per key (p50, p95, p99, max), in the maps' order.
   */
  public synchronized void barChart(
      String id, String title, String yLabel, Map<String, Map<String, Double>> groups) {
    blocks.add(new BarChart(id, title, yLabel, groups));
  }

  /** Marks the run failed, for {@code why}; the report says so at the top. */
  public synchronized void fail(String why) {
    failures.add(why);
  }

  /** Why the run failed; empty when it did not. */
  public synchronized List<String> failures() {
    return List.copyOf(failures);
  }

  /**
   * Writes {@code <stem>.md} and its charts into {@code dir}, creating it, and prints the Markdown
   * to standard output. Returns the Markdown file.
   */
  public Path write(Path dir) throws IOException {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    Path file = write(dir, out);
    out.flush();
    return file;
  }

  /**
   * Writes {@code <stem>.md} and its charts into {@code dir}, creating it, and prints the Markdown
   * to {@code out}. A chart that cannot be drawn leaves a note in its place instead of failing the
   * write. Returns the Markdown file.
   */
  public synchronized Path write(Path dir, PrintWriter out) throws IOException {
    Files.createDirectories(dir);
    String markdown = render(dir);
    Path file = dir.resolve(stem() + ".md");
    Files.writeString(file, markdown, StandardCharsets.UTF_8);
    out.print(markdown);
    out.flush();
    return file;
  }

  private String render(Path dir) {
    Markdown md = new Markdown();
    md.line(
        "# "
            + scenario
            + " on "
            + store
            + ", "
            + String.format(Locale.ROOT, "%,d", count)
            + " resources");
    md.blank();
    if (!failures.isEmpty()) {
      md.line("> **FAILED**: the run itself failed:");
      for (String why : failures) {
        md.line(">").line("> - " + Markdown.oneLine(why));
      }
      md.blank();
    }
    renderFigures(md);
    renderMachine(md);
    md.line("## Reproduce").blank();
    md.line("From the repository root:").blank();
    md.line("```sh").line(reproduce.isEmpty() ? "# (no command recorded)" : reproduce);
    md.line("```").blank();
    for (Block block : blocks) {
      if (block instanceof Text t) {
        md.line(t.markdown()).blank();
      } else if (block instanceof Table t) {
        md.table(t.title(), t.header(), t.rows());
      } else if (block instanceof LineChart c) {
        chart(md, c.id(), c.title(), f -> Charts.line(f, c.title(), c.yLabel(), c.series()), dir);
      } else if (block instanceof BarChart c) {
        chart(md, c.id(), c.title(), f -> Charts.bar(f, c.title(), c.yLabel(), c.groups()), dir);
      }
    }
    return md.toString();
  }

  private void renderFigures(Markdown md) {
    md.line("## Figures").blank();
    if (figures.isEmpty()) {
      md.line("No figures were recorded.").blank();
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    boolean anyHow = !measuredHow.isEmpty();
    figures.forEach(
        (name, value) ->
            rows.add(
                anyHow
                    ? List.of(name, value, measuredHow.getOrDefault(name, ""))
                    : List.of(name, value)));
    md.table(
        null,
        anyHow ? List.of("Figure", "Value", "How it was measured") : List.of("Figure", "Value"),
        rows);
  }

  private void renderMachine(Markdown md) {
    md.line("## Machine").blank();
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("CPU", host.cpu()));
    rows.add(List.of("Cores available", Integer.toString(host.cores())));
    rows.add(
        List.of(
            "Memory",
            host.memoryMb() < 0
                ? "unknown"
                : String.format(Locale.ROOT, "%,d MB total", host.memoryMb())));
    rows.add(List.of("JVM max heap", String.format(Locale.ROOT, "%,d MB", host.maxHeapMb())));
    rows.add(List.of("JVM", host.jvm()));
    rows.add(List.of("OS", host.os()));
    rows.add(
        List.of(
            "JVM flags",
            host.jvmFlags().isEmpty()
                ? "(none)"
                : "`" + String.join(" ", Host.withoutLocalPaths(host.jvmFlags())) + "`"));
    rows.add(List.of("Load average before the run", loadBefore));
    rows.add(List.of("Load average after the run", Host.loadAverage()));
    md.table(null, List.of("What", "Value"), rows);
  }

  private String chartFile(String id) {
    return stem() + "-" + id + ".png";
  }

  /** Draws one chart into {@code dir}; a failure becomes a note, never a failed write. */
  private void chart(Markdown md, String id, String title, Drawing drawing, Path dir) {
    md.line("### " + Markdown.oneLine(title)).blank();
    Path file = dir.resolve(chartFile(id));
    try {
      drawing.draw(file);
      md.line("![" + Markdown.oneLine(title) + "](" + chartFile(id) + ")").blank();
    } catch (IOException | RuntimeException | Error e) {
      if (e instanceof VirtualMachineError && !(e instanceof InternalError)) {
        throw (VirtualMachineError) e; // out of memory is the run's problem, not the chart's
      }
      // A chart with nothing in it (Charts' IllegalArgumentException), a missing font or native
      // library: a note in the chart's place, and the rest of the report as usual.
      String why = e instanceof IllegalArgumentException ? e.getMessage() : e.toString();
      md.line("_The chart could not be drawn: " + Markdown.oneLine(why) + "._").blank();
      deleteStale(file);
    }
  }

  /** An earlier run's picture under the same name would pass for this run's. */
  private static void deleteStale(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // The note in the Markdown already says this run drew no chart.
    }
  }

  @FunctionalInterface
  private interface Drawing {
    void draw(Path file) throws IOException;
  }

  String scenario() {
    return scenario;
  }

  String store() {
    return store;
  }

  int count() {
    return count;
  }

  String reproduceCommand() {
    return reproduce;
  }

  Map<String, String> figures() {
    return figures;
  }

  List<Block> blocks() {
    return blocks;
  }
}
