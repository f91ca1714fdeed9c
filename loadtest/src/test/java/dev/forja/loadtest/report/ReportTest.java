package dev.forja.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a reader of a report relies on: its file layout, its sections and its charts. */
class ReportTest {
  @TempDir Path dir;

  private final StringWriter printed = new StringWriter();

  private Path write(Report report) throws Exception {
    return report.write(dir, new PrintWriter(printed));
  }

  private static String read(Path file) throws Exception {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  @Test
  void writesTheMarkdownAndEachChartAsA900By450Png() throws Exception {
    Report report = new Report("engine", "sqlite", 500);
    TimeSeries ops = new TimeSeries("operations/s");
    ops.add(1, 120);
    ops.add(2, 180);
    ops.add(3, 150);
    TimeSeries inFlight = new TimeSeries("in flight");
    inFlight.add(1, 40);
    inFlight.add(2.5, 64);
    report.lineChart("ops", "Operations per second", "operations/s", List.of(ops, inFlight));
    Map<String, Map<String, Double>> latency = new LinkedHashMap<>();
    latency.put("GET /commands", percentiles(1.5, 4, 9, 20));
    latency.put("POST /commands", percentiles(3, 8, 15, 40));
    report.barChart("latency", "Latency per endpoint", "ms", latency);

    Path md = write(report);

    assertThat(md).isEqualTo(dir.resolve("engine-sqlite-500.md"));
    String text = read(md);
    assertThat(text)
        .contains("![Operations per second](engine-sqlite-500-ops.png)")
        .contains("![Latency per endpoint](engine-sqlite-500-latency.png)")
        .doesNotContain("could not be drawn");
    for (String png : List.of("engine-sqlite-500-ops.png", "engine-sqlite-500-latency.png")) {
      BufferedImage image = ImageIO.read(dir.resolve(png).toFile());
      assertThat(image).as(png).isNotNull();
      assertThat(image.getWidth()).isEqualTo(900);
      assertThat(image.getHeight()).isEqualTo(450);
    }
  }

  @Test
  void printsTheSameMarkdownItWrites() throws Exception {
    Report report = new Report("persist", "postgresql", 200);
    report.figure("ratio", "1.02");

    Path md = write(report);

    assertThat(printed.toString()).isEqualTo(read(md));
  }

  @Test
  void aFailedRunShowsTheFailedBannerWithEveryReasonAboveTheFigures() throws Exception {
    Report report = new Report("engine", "postgresql", 2_000);
    report.figure("wall time", "12.3 s");
    report.fail("3 updates Failed");
    report.fail("7 resources left in the sim\nafter destroy");

    String text = read(write(report));

    assertThat(report.failures()).hasSize(2);
    assertThat(text)
        .contains("**FAILED**", "3 updates Failed", "7 resources left in the sim after destroy");
    assertThat(text.indexOf("**FAILED**")).isLessThan(text.indexOf("## Figures"));
    assertThat(text.indexOf("7 resources left")).isLessThan(text.indexOf("## Figures"));
  }

  @Test
  void aPassedRunHasNoFailedBanner() throws Exception {
    Report report = new Report("engine", "sqlite", 20);
    report.figure("wall time", "1.0 s");

    assertThat(read(write(report))).doesNotContain("FAILED");
  }

  @Test
  void figuresAppearInTheOrderAddedAndARepeatedNameKeepsItsPlace() throws Exception {
    Report report = new Report("api", "sqlite", 10_000);
    report.figure("p99 GET /commands", "3 ms");
    report.figure("errors", "0");
    report.figure("p50 GET /commands", "1 ms", "HdrHistogram from the intended send time");
    report.figure("errors", "2");

    String text = read(write(report));

    assertThat(text)
        .containsSubsequence("p99 GET /commands", "| errors | 2 |", "p50 GET /commands")
        .contains("How it was measured", "HdrHistogram from the intended send time")
        .doesNotContain("| errors | 0");
  }

  @Test
  void statesTheTitleTheMachineAndTheCommandThatReproducesTheRun() throws Exception {
    Report report = new Report("agent", "sqlite", 2_000);
    String command = "./forja loadtest run --scenario agent --store sqlite --count 2000 --seed 42";
    report.reproduce(command);

    String text = read(write(report));

    assertThat(text)
        .startsWith("# agent on sqlite, 2,000 resources")
        .contains("```sh\n" + command + "\n```")
        .containsSubsequence(
            "## Machine",
            "CPU",
            "Cores available",
            "Memory",
            "JVM max heap",
            "| JVM |",
            "| OS |",
            "JVM flags",
            "Load average before the run",
            "Load average after the run",
            "## Reproduce");
  }

  @Test
  void blocksFollowInTheOrderAddedAndTableCellsCannotBreakTheTable() throws Exception {
    Report report = new Report("resume", "sqlite", 10);
    report.text("First the text.");
    report.table("Counts", List.of("state", "n"), List.of(List.of("Success | done", "10")));
    report.text("Then more text.");

    String text = read(write(report));

    assertThat(text)
        .containsSubsequence("First the text.", "**Counts**", "| state | n |", "Then more text.")
        .contains("| Success \\| done | 10 |");
  }

  @Test
  void aChartThatCannotBeDrawnLeavesANoteAndTheRestOfTheReport() throws Exception {
    Report report = new Report("engine", "sqlite", 20);
    report.lineChart("empty", "Nothing sampled", "operations/s", List.of());
    report.barChart("bars", "No bars", "ms", Map.of());
    TimeSeries heap = new TimeSeries("heap");
    heap.add(0.5, 100);
    report.lineChart("heap", "Heap", "MB", List.of(heap));
    report.text("After the charts.");
    Files.writeString(dir.resolve("engine-sqlite-20-empty.png"), "an earlier run's chart");

    String text = read(write(report));

    assertThat(text)
        .containsSubsequence(
            "### Nothing sampled",
            "could not be drawn",
            "### No bars",
            "could not be drawn",
            "![Heap](engine-sqlite-20-heap.png)",
            "After the charts.");
    assertThat(dir.resolve("engine-sqlite-20-empty.png")).doesNotExist();
    assertThat(dir.resolve("engine-sqlite-20-heap.png")).isRegularFile();
  }

  @Test
  void createsTheReportFolder() throws Exception {
    Report report = new Report("engine", "sqlite", 5);

    Path md = report.write(dir.resolve("a/b"), new PrintWriter(printed));

    assertThat(md).isRegularFile().hasFileName("engine-sqlite-5.md");
  }

  private static Map<String, Double> percentiles(double p50, double p95, double p99, double max) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("p50", p50);
    m.put("p95", p95);
    m.put("p99", p99);
    m.put("max", max);
    return m;
  }
}
