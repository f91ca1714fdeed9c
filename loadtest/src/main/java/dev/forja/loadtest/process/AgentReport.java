package dev.forja.loadtest.process;

import dev.forja.engine.command.UpdateState;
import dev.forja.loadtest.report.Report;
import dev.forja.loadtest.report.TimeSeries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report parts the agent and resume scenarios share: the setup paragraph, the per-command
 * table, the sim checks, the charts, and how each figure was measured.
 */
public final class AgentReport {
  /** The columns of {@link #commandRow}. */
  public static final List<String> COMMAND_HEADER =
      List.of(
          "command",
          "submit to 202",
          "submit to first sim call",
          "submit to end",
          "operations/s",
          "retries",
          "failed plugin calls",
          "sim calls",
          "steady in-flight mean / p50 / max",
          "steady samples at the limit");

  /** How submit-to-end times are measured. */
  public static final String HOW_END_TO_END =
      "from just before POST /api/v1/commands to the command's EndTs (same machine's clock)";

  /** How operations per second are measured. */
  public static final String HOW_OPERATIONS = "the command's resources over its submit to end";

  /** How the steady rate is measured. */
  public static final String HOW_STEADY_RATE =
      "final updates per second (GET /api/v1/commands/{id}, each second) from the first update"
          + " ended to the last sample with at least the limit of updates left: no cold start, no"
          + " tail";

  /** How the steady in-flight figures are measured. */
  public static final String HOW_STEADY =
      "forja_updates_in_flight (GET /api/v1/metrics) sampled each second while at least the"
          + " limit of updates were not yet final";

  /** How failed plugin calls and retries are counted. */
  public static final String HOW_THROTTLES =
      "apply + destroy: plugin calls the agent counted with outcome failed, which in a passing"
          + " run are the sim's throttles (it injects no other fault) / the updates' Attempts - 1,"
          + " summed";

  private static final String PLUGIN_CALLS = "forja_plugin_call_seconds";

  private AgentReport() {}

  /** {@code d} in seconds with one decimal, such as {@code 12.3 s}. */
  public static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toNanos() / 1e9);
  }

  /** {@code count} over {@code d}, per second, such as {@code 812.4}. */
  public static String perSecond(int count, Duration d) {
    double s = d.toNanos() / 1e9;
    return s <= 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", count / s);
  }

  /** A share from 0 to 1 as a percentage, such as {@code 87%}. */
  public static String percent(double share) {
    return String.format(Locale.ROOT, "%.0f%%", 100 * share);
  }

  /**
   * Plugin calls the engine saw answered FAILED since the agent started. The sim is asked for no
   * fault but throttling (an error rate of 0, no failure rules), so in a passing run these are the
   * throttles; a failing run adds its real failures (AlreadyExists, DependencyViolation, ...).
   */
  public static double throttles(Metrics m) {
    return m.sum(PLUGIN_CALLS + "_count", Map.of("outcome", "failed"));
  }

  /** Fails {@code report} unless the sim holds exactly {@code expected} distinct resources. */
  public static void checkSimHolds(SimServerProcess sim, int expected, String when, Report report) {
    List<SimServerProcess.Resource> held = sim.resources();
    if (held.size() != expected) {
      report.fail("the sim holds " + held.size() + " resources " + when + ", expected " + expected);
    }
    int distinct = new HashSet<>(held).size();
    if (distinct != held.size()) {
      report.fail(
          "the sim holds "
              + (held.size() - distinct)
              + " duplicate resources (same type and identifier) "
              + when);
    }
  }

  /** One row of {@link #COMMAND_HEADER} for {@code run}. */
  public static List<String> commandRow(
      CommandRun run, int count, SampleSeries.InFlight inFlight, double throttles, CallLog calls) {
    return List.of(
        run.kind(),
        seconds(run.accepted()),
        calls.first().map(c -> seconds(Duration.between(run.submitted(), c.ts()))).orElse("none"),
        seconds(run.endToEnd()),
        perSecond(count, run.endToEnd()),
        Long.toString(run.retries()),
        String.format(Locale.ROOT, "%.0f", throttles),
        Integer.toString(calls.calls().size()),
        String.format(
            Locale.ROOT, "%.1f / %.0f / %.0f", inFlight.mean(), inFlight.p50(), inFlight.max()),
        inFlight.samples() == 0
            ? "no steady samples"
            : percent(inFlight.atLimit()) + " of " + inFlight.samples());
  }

  /** Rows of plugin calls per operation: how many, and their mean latency in ms. */
  public static List<List<String>> pluginLatency(Metrics m) {
    Map<String, double[]> byOp = new TreeMap<>();
    for (Metrics.Sample s : m.samples()) {
      String op = s.labels().get("operation");
      if (op == null) {
        continue;
      }
      if (s.name().equals(PLUGIN_CALLS + "_count")) {
        byOp.computeIfAbsent(op, k -> new double[2])[0] += s.value();
      } else if (s.name().equals(PLUGIN_CALLS + "_sum")) {
        byOp.computeIfAbsent(op, k -> new double[2])[1] += s.value();
      }
    }
    List<List<String>> rows = new ArrayList<>();
    byOp.forEach(
        (op, v) ->
            rows.add(
                List.of(
                    op,
                    String.format(Locale.ROOT, "%.0f", v[0]),
                    v[0] == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", 1000 * v[1] / v[0]))));
    return rows;
  }

  /** The setup paragraph: the sim's and agent's settings and the store. */
  public static String setup(AgentRig rig, String latencyMs, double throttleRate, int count) {
    return String.join(
        "\n",
        "Setup: "
            + count
            + " generated resources on AWS targets (the AWS plugin over Cloud"
            + " Control) pointed at the simulator server.",
        "",
        "- sim: `forja sim start --port 0 --latency-ms "
            + latencyMs
            + " --throttle-rate "
            + throttleRate
            + "` in its own JVM (-Xmx1g). Each create, update and delete stays in progress for"
            + " a latency drawn uniformly from the range (the sim has no per-type distributions);"
            + " every Cloud Control call, status polls included, is throttled at that rate.",
        "- agent: `forja agent start --foreground --port 0` in its own JVM with `"
            + rig.describeAgentSettings()
            + "`; the targets' RateLimit is "
            + AgentRig.RATE_LIMIT
            + "/s, so neither limiter bounds the run.",
        "- store: "
            + rig.describeStoreKind()
            + ", passed as FORJA_HOME / FORJA_STORE /"
            + " FORJA_SQLITE_PATH or FORJA_DB_URL / FORJA_DB_USER / FORJA_DB_PASSWORD.");
  }

  /**
   * Charts over {@code samples}: in-flight updates against {@code limit}, updates per state, and
   * updates ended and plugin calls per second. {@code idPrefix} keeps several sets apart.
   */
  public static void charts(
      List<CommandWatch.Sample> samples, int limit, Report report, String idPrefix) {
    report.lineChart(
        idPrefix + "inflight",
        "In-flight updates",
        "updates",
        List.of(
            SampleSeries.inFlight("forja_updates_in_flight", samples),
            SampleSeries.state("InProgress (status)", samples, UpdateState.IN_PROGRESS),
            SampleSeries.constant("limit", samples, limit)));
    report.lineChart(
        idPrefix + "ops",
        "Operations per second",
        "per second",
        List.of(
            SampleSeries.updatesPerSecond("updates ended/s", samples),
            SampleSeries.pluginCallsPerSecond("plugin calls/s", samples)));
    List<TimeSeries> states = new ArrayList<>();
    states.add(SampleSeries.state("NotStarted", samples, UpdateState.NOT_STARTED));
    states.add(SampleSeries.state("Pending", samples, UpdateState.PENDING));
    states.add(SampleSeries.state("InProgress", samples, UpdateState.IN_PROGRESS));
    states.add(SampleSeries.finalUpdates("final", samples));
    report.lineChart(idPrefix + "states", "Updates by state", "updates", states);
  }

  /** How the tables and charts were measured, one line each. */
  public static String measuredHow(int limit) {
    return String.join(
        "\n",
        "How the tables and charts were measured:",
        "",
        "- submit to 202: the round trip of `POST /api/v1/commands`, planning included; submit"
            + " to first sim call: to the command's first Cloud Control call in the sim's op log"
            + " (the AWS SDK client's cold start shows here).",
        "- steady in-flight: `forja_updates_in_flight` samples taken while at least the limit ("
            + limit
            + ") of the command's updates were not yet final; at the limit means >= the limit.",
        "- sim calls: Cloud Control calls in the sim's op log (`GET /_sim/oplog`) from the"
            + " command's submit to the next one's, throttled calls included; the sim does not"
            + " count throttles itself; failed plugin calls are the agent's count (outcome"
            + " `failed` of `forja_plugin_call_seconds_count`).",
        "- plugin call latency: `forja_plugin_call_seconds` sum over count per operation, as the"
            + " engine times a request (rate-limit wait excluded). The status JSON has no"
            + " per-update timestamps, so update durations are not reported.",
        "- charts: one sample a second of `GET /api/v1/commands/{id}` (counts per state) and"
            + " `GET /api/v1/metrics`; ops/s is the change between samples of"
            + " `forja_updates_total` (updates ended) and `forja_plugin_call_seconds_count`.");
  }

  /** Keeps the rig's logs and says where in the (failed, never committed) report. */
  public static void keepLogs(AgentRig rig, Report report) {
    rig.keepLogs();
    report.text("The run failed: the children's logs are kept in `" + rig.scratch() + "`.");
  }
}
