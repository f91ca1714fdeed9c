package dev.forja.loadtest.scenario;

import dev.forja.loadtest.LoadtestMain;
import dev.forja.loadtest.report.Host;
import dev.forja.loadtest.report.Report;
import dev.forja.loadtest.store.ScratchStore;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code forja loadtest run --scenario S --store sqlite|postgresql --count N[,N...]}: runs the
 * scenario once per count, writes one report each, and exits 1 if any run failed.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run a load scenario and write its reports.")
public final class RunCommand implements Callable<Integer> {
  /** Every scenario, by the name {@code --scenario} takes, in the order the issue lists them. */
  public static final Map<String, Scenario> SCENARIOS = scenarios();

  /** The scenario names in the order the issue lists them, for messages. */
  private static final List<String> SCENARIO_NAMES = List.copyOf(SCENARIOS.keySet());

  private static final Pattern LATENCY = Pattern.compile("\\d{1,9}-\\d{1,9}");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--scenario",
      required = true,
      description = "engine, agent, api, resume or persist")
  String scenario;

  @Option(names = "--store", defaultValue = "sqlite", description = "sqlite or postgresql")
  String store;

  @Option(
      names = "--count",
      split = ",",
      description = "resource counts, one run and report each (default: the scenario's)")
  List<Integer> counts = new ArrayList<>();

  @Option(names = "--seed", defaultValue = "42", description = "the generator's seed")
  long seed;

  @Option(
      names = "--reports",
      description =
          "report folder (default: loadtest/reports in the checkout when run by ./forja, else"
              + " under the working directory)")
  Path reports;

  @Option(
      names = "--pg-url",
      defaultValue = ScratchStore.DEFAULT_PG_SERVER,
      description = "a database on the server scratch databases are created from")
  String pgUrl;

  @Option(names = "--latency-ms", defaultValue = "50-500", description = "sim latency, MIN-MAX")
  String latencyMs;

  @Option(names = "--throttle", defaultValue = "0.02", description = "share of sim calls throttled")
  double throttle;

  @Option(
      names = "--rates",
      split = ",",
      defaultValue = "1000,10000,100000",
      description = "api: requests per minute, one phase each")
  List<Integer> rates;

  @Option(names = "--phase-seconds", defaultValue = "60", description = "api: seconds per phase")
  int phaseSeconds;

  @Option(
      names = "--max-in-flight",
      defaultValue = "0",
      description = "the engine's max-in-flight-updates (0: its default)")
  int maxInFlight;

  @Option(names = "--smoke", description = "a tiny run: figures printed, bars not checked")
  boolean smoke;

  /**
   * Runs each count and writes its report. Bad arguments throw {@link
   * CommandLine.ParameterException}, which picocli's {@code execute} prints with the usage and
   * turns into exit code 2 before anything runs.
   */
  @Override
  public Integer call() throws Exception {
    Scenario s = SCENARIOS.get(scenario);
    if (s == null) {
      throw bad("--scenario: unknown scenario '" + scenario + "'; one of " + SCENARIO_NAMES);
    }
    if (!store.equals("sqlite") && !store.equals("postgresql")) {
      throw bad("--store: '" + store + "' is neither sqlite nor postgresql");
    }
    List<Integer> runCounts = counts.isEmpty() ? defaultCounts(scenario) : counts;
    for (int n : runCounts) {
      if (n < 1) {
        throw bad("--count: " + n + " is not a resource count; give 1 or more");
      }
    }
    validateTuning();
    Path reportDir = reports != null ? reports : defaultReports();
    RunOptions options =
        new RunOptions(
            store,
            runCounts,
            seed,
            reportDir,
            pgUrl,
            latencyMs,
            throttle,
            rates,
            phaseSeconds,
            maxInFlight,
            smoke,
            String.join(" ", spec.commandLine().getParseResult().originalArgs()));
    boolean failed = false;
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    for (int n : runCounts) {
      Report report = new Report(scenario, store, n);
      report.reproduce(
          javaOpts()
              + "./forja loadtest run --scenario "
              + scenario
              + " --store "
              + store
              + " --count "
              + n
              + " --seed "
              + seed
              + extraArguments(scenario));
      try {
        s.run(options, n, report);
      } catch (Exception e) {
        report.fail("the run stopped: " + e);
        e.printStackTrace(err);
      } catch (OutOfMemoryError e) {
        // Worth a report of its own: the heap the run needed is one of its figures.
        report.fail("the run ran out of heap (" + e.getMessage() + "); see JVM max heap below");
        e.printStackTrace(err);
      }
      Path file = report.write(reportDir, out);
      out.println("report: " + file);
      out.flush();
      if (!report.failures().isEmpty()) {
        failed = true;
        err.println(report.stem() + " FAILED: " + report.failures());
        err.flush();
      }
    }
    return (failed ? LoadtestMain.Exit.FAILED : LoadtestMain.Exit.PASSED).code;
  }

  private void validateTuning() {
    if (!LATENCY.matcher(latencyMs).matches()) {
      throw bad("--latency-ms: '" + latencyMs + "' is not MIN-MAX in milliseconds, e.g. 50-500");
    }
    int dash = latencyMs.indexOf('-');
    if (Long.parseLong(latencyMs.substring(0, dash))
        > Long.parseLong(latencyMs.substring(dash + 1))) {
      throw bad("--latency-ms: the minimum of '" + latencyMs + "' is above its maximum");
    }
    if (!(throttle >= 0 && throttle <= 1)) {
      throw bad("--throttle: " + throttle + " is not a share between 0 and 1");
    }
    if (rates.isEmpty() || rates.stream().anyMatch(r -> r == null || r < 1)) {
      throw bad("--rates: " + rates + " must be requests per minute of 1 or more");
    }
    if (phaseSeconds < 1) {
      throw bad("--phase-seconds: " + phaseSeconds + " < 1");
    }
    if (maxInFlight < 0) {
      throw bad("--max-in-flight: " + maxInFlight + " < 0 (0 keeps the engine's default)");
    }
  }

  private CommandLine.ParameterException bad(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  /**
   * {@code loadtest/reports} in the checkout: the {@code forja} script names the checkout in {@code
   * FORJA_LOADTEST_ROOT}, so reports land in the same place from any working directory.
   */
  static Path defaultReports() {
    String root = System.getenv("FORJA_LOADTEST_ROOT");
    Path base = root == null || root.isBlank() ? Path.of("") : Path.of(root);
    return base.resolve("loadtest").resolve("reports");
  }

  /**
   * The JVM flags this run was given, as a {@code JAVA_OPTS="..." } prefix of the reproduce line
   * (heap size changes the figures); empty when there were none beyond the script's own.
   */
  private static String javaOpts() {
    List<String> flags = new ArrayList<>();
    for (String f :
        Host.withoutLocalPaths(ManagementFactory.getRuntimeMXBean().getInputArguments())) {
      if (!f.equals("-Djava.awt.headless=true")) {
        flags.add(f);
      }
    }
    return flags.isEmpty() ? "" : "JAVA_OPTS=\"" + String.join(" ", flags) + "\" ";
  }

  private String extraArguments(String name) {
    StringBuilder b = new StringBuilder();
    switch (name) {
      case "agent", "resume" ->
          b.append(" --latency-ms ").append(latencyMs).append(" --throttle ").append(throttle);
      case "api" ->
          b.append(" --latency-ms ")
              .append(latencyMs)
              .append(" --rates ")
              .append(rates.stream().map(String::valueOf).reduce((a, c) -> a + "," + c).orElse(""))
              .append(" --phase-seconds ")
              .append(phaseSeconds);
      default -> {}
    }
    if (maxInFlight > 0) {
      b.append(" --max-in-flight ").append(maxInFlight);
    }
    if (smoke) {
      b.append(" --smoke");
    }
    return b.toString();
  }

  /** The counts a scenario runs when {@code --count} is not given. */
  static List<Integer> defaultCounts(String name) {
    return switch (name) {
      case "engine" -> List.of(500, 2_000, 10_000);
      case "persist" -> List.of(200, 2_000, 20_000);
      case "agent" -> List.of(2_000);
      default -> List.of(10_000);
    };
  }

  private static Map<String, Scenario> scenarios() {
    Map<String, Scenario> m = new LinkedHashMap<>();
    for (Scenario s :
        List.of(
            new EngineScenario(),
            new AgentScenario(),
            new ApiScenario(),
            new ResumeScenario(),
            new PersistScenario())) {
      m.put(s.name(), s);
    }
    return Collections.unmodifiableMap(m); // keeps the order: engine, agent, api, resume, persist
  }
}
