package dev.forja.loadtest.api;

import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.command.UpdateState;
import dev.forja.loadtest.report.Report;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The api scenario's phases as report tables, a chart, the two bars and the run's verdict. */
public final class ApiFigures {
  private ApiFigures() {}

  /** A latency bar: a percentile that every endpoint must stay under at a rate. */
  private record Bar(String name, int perMinute, double percentile, double limitMs) {}

  private static final List<Bar> BARS =
      List.of(
          new Bar("seed 004's bar: p95 < 100 ms at 10,000 requests/min", 10_000, 95, 100),
          new Bar("our bar: p99 < 20 ms at 100,000 requests/min", 100_000, 99, 20));

  /**
   * Everything the phases tell: the bars, the errors and generator figures, the verdict on errors
   * (each unexplained one fails the run), the tables, the latency chart and how each is measured.
   */
  public static void summary(
      Report report, List<PhaseRun> runs, boolean smoke, Map<String, String> shortNames) {
    bars(report, runs, smoke);
    long requests = 0;
    long errors = 0;
    double lateP99 = 0;
    double lateMax = 0;
    for (PhaseRun r : runs) {
      requests += r.result().total().requests();
      errors += r.result().total().errors();
      lateP99 = Math.max(lateP99, r.result().latenessMs(99));
      lateMax = Math.max(lateMax, r.result().maxLatenessMs());
    }
    long timeouts = timeouts(runs);
    report.figure(
        "errors",
        String.format(
            Locale.ROOT, "%,d of %,d requests (%,d timeouts)", errors, requests, timeouts),
        "non-2xx answers, timeouts (no answer in "
            + ConstantRateLoad.DEFAULT_TIMEOUT.toSeconds()
            + " s) and connection errors, over every measured window");
    report.figure(
        "generator lateness",
        "p99 " + ms(lateP99) + " ms, max " + ms(lateMax) + " ms (worst phase)",
        "actual send minus intended start of each measured request");
    for (String why : unexplained(runs)) {
      report.fail("unexplained errors: " + why);
    }
    phases(report, runs, shortNames);
    errorExamples(report, runs);
    report.text(HOW);
    if (timeouts > 0) {
      report.text(
          "Timeouts are counted as errors with their latency, not as failures: the agent had not"
              + " answered in "
              + ConstantRateLoad.DEFAULT_TIMEOUT.toSeconds()
              + " s because the offered rate exceeded what it served (compare answers/s with"
              + " offered/s above).");
    }
    for (PhaseRun r : runs) {
      if (!r.insideApply()) {
        report.text(
            "Note: the apply ended before the "
                + count(r.result().perMinute())
                + "/min phase did; that phase measured the API partly or wholly without an apply.");
      }
    }
  }

  /**
   * The latency and generator tables, and one latency chart per rate (each on its own scale: a
   * saturated rate would flatten the others), whose groups are labelled by {@code shortNames} of
   * the endpoints (the full name where it has none).
   */
  public static void phases(Report report, List<PhaseRun> runs, Map<String, String> shortNames) {
    List<List<String>> rows = new ArrayList<>();
    Map<String, Map<String, Map<String, Double>>> charts = new LinkedHashMap<>();
    for (PhaseRun run : runs) {
      PhaseResult p = run.result();
      Map<String, Map<String, Double>> groups =
          charts.computeIfAbsent(perMinute(p), k -> new LinkedHashMap<>());
      List<EndpointResult> endpoints = new ArrayList<>(p.endpoints());
      endpoints.add(p.total());
      for (EndpointResult e : endpoints) {
        Double server = run.serverMeanMs().get(e.name());
        rows.add(
            List.of(
                count(p.perMinute()),
                e.name(),
                count(e.requests()),
                errors(e),
                String.format(Locale.ROOT, "%.1f", e.achievedPerSecond()),
                ms(e.latencyMs(50)),
                ms(e.latencyMs(95)),
                ms(e.latencyMs(99)),
                ms(e.maxMs()),
                ms(
                    e.response().getTotalCount() == 0
                        ? 0
                        : e.response().getValueAtPercentile(99) / 1e3),
                server == null ? "" : ms(server),
                String.format(Locale.ROOT, "%.1f", e.meanBytes() / 1024)));
        if (!e.name().equals("all")) {
          Map<String, Double> bars = new LinkedHashMap<>();
          bars.put("p50", e.latencyMs(50));
          bars.put("p95", e.latencyMs(95));
          bars.put("p99", e.latencyMs(99));
          bars.put("max", e.maxMs());
          groups.put(shortNames.getOrDefault(e.name(), e.name()), bars);
        }
      }
    }
    report.table(
        "Latency per endpoint and rate (ms; corrected for coordinated omission)",
        List.of(
            "rate/min",
            "endpoint",
            "requests",
            "errors",
            "answers/s",
            "p50",
            "p95",
            "p99",
            "max",
            "p99 from send",
            "server mean",
            "KiB/answer"),
        rows);
    charts.forEach(
        (rate, groups) ->
            report.barChart(
                "latency-" + rate,
                "Latency per endpoint at " + rate + " requests/min (corrected)",
                "latency (ms)",
                groups));
    report.table(
        "The generator per phase",
        List.of(
            "rate/min",
            "offered/s",
            "scheduled",
            "sent late p50 (ms)",
            "p99",
            "max",
            "held by in-flight cap",
            "unfinished",
            "generator CPU (cores)",
            "window (s of the run)",
            "inside the apply"),
        runs.stream().map(ApiFigures::generatorRow).toList());
  }

  private static List<String> generatorRow(PhaseRun run) {
    PhaseResult p = run.result();
    return List.of(
        count(p.perMinute()),
        String.format(Locale.ROOT, "%.1f", p.perMinute() / 60),
        count(p.scheduled()),
        ms(p.latenessMs(50)),
        ms(p.latenessMs(99)),
        ms(p.maxLatenessMs()),
        count(p.heldByCap()),
        count(p.unfinished()),
        String.format(Locale.ROOT, "%.2f", p.generatorCores()),
        String.format(Locale.ROOT, "%.0f–%.0f", run.fromSeconds(), run.toSeconds()),
        run.insideApply() ? "yes" : "no: the apply had ended");
  }

  /** The two bars as figures: met, missed, or not measured. A missed bar is no failure. */
  public static void bars(Report report, List<PhaseRun> runs, boolean smoke) {
    for (Bar bar : BARS) {
      PhaseRun run =
          runs.stream()
              .filter(r -> Math.round(r.result().perMinute()) == bar.perMinute())
              .findFirst()
              .orElse(null);
      String how =
          "the slowest endpoint's p"
              + (int) bar.percentile()
              + " of latency from intended start to answer, in that phase's measured window";
      if (run == null) {
        report.figure(
            bar.name(), "not measured: --rates has no " + count(bar.perMinute()) + " phase", how);
        continue;
      }
      EndpointResult worst = null;
      for (EndpointResult e : run.result().endpoints()) {
        if (worst == null || e.latencyMs(bar.percentile()) > worst.latencyMs(bar.percentile())) {
          worst = e;
        }
      }
      double all = run.result().total().latencyMs(bar.percentile());
      double value = worst == null ? 0 : worst.latencyMs(bar.percentile());
      String verdict = smoke ? "not judged (smoke run)" : value < bar.limitMs() ? "met" : "missed";
      report.figure(
          bar.name(),
          String.format(
              Locale.ROOT,
              "%s: %s ms on %s (all endpoints together %s ms)%s",
              verdict,
              ms(value),
              worst == null ? "-" : worst.name(),
              ms(all),
              run.insideApply() ? "" : "; the apply had ended before the phase did"),
          how);
    }
  }

  /**
   * Why the run failed, if its errors are not explained: any answer but 2xx, a connection error or
   * a request that never ended. A timeout is explained by saturation (the report says so); it is
   * counted, not failed.
   */
  public static List<String> unexplained(List<PhaseRun> runs) {
    List<String> why = new ArrayList<>();
    for (PhaseRun run : runs) {
      PhaseResult p = run.result();
      for (EndpointResult e : p.endpoints()) {
        for (Outcome outcome : Outcome.values()) {
          long n = e.count(outcome);
          if (outcome != Outcome.OK && !outcome.explainedBySaturation() && n > 0) {
            why.add(
                n
                    + " "
                    + outcome.label()
                    + " on "
                    + e.name()
                    + " at "
                    + count(p.perMinute())
                    + "/min (first: "
                    + e.examples().get(outcome)
                    + ")");
          }
        }
      }
      if (p.unfinished() > 0) {
        why.add(
            p.unfinished()
                + " requests at "
                + count(p.perMinute())
                + "/min neither answered nor timed out");
      }
    }
    return why;
  }

  /** What the first error of each kind, endpoint and rate ended with, if there were errors. */
  private static void errorExamples(Report report, List<PhaseRun> runs) {
    List<List<String>> rows = new ArrayList<>();
    for (PhaseRun run : runs) {
      for (EndpointResult e : run.result().endpoints()) {
        for (Outcome o : Outcome.values()) {
          if (o != Outcome.OK && e.count(o) > 0) {
            rows.add(
                List.of(
                    count(run.result().perMinute()),
                    e.name(),
                    o.label(),
                    count(e.count(o)),
                    e.examples().getOrDefault(o, "")));
          }
        }
      }
    }
    if (!rows.isEmpty()) {
      report.table(
          "Errors by kind, with the first of each",
          List.of("rate/min", "endpoint", "kind", "requests", "the first ended with"),
          rows);
    }
  }

  /** How many requests timed out over every phase. */
  public static long timeouts(List<PhaseRun> runs) {
    long n = 0;
    for (PhaseRun run : runs) {
      n += run.result().total().count(Outcome.TIMEOUT);
    }
    return n;
  }

  private static String errors(EndpointResult e) {
    if (e.errors() == 0) {
      return "0";
    }
    List<String> parts = new ArrayList<>();
    for (Outcome o : Outcome.values()) {
      if (o != Outcome.OK && e.count(o) > 0) {
        parts.add(count(e.count(o)) + " " + o.label());
      }
    }
    return count(e.errors()) + " (" + String.join(", ", parts) + ")";
  }

  private static final String HOW =
      String.join(
          "\n",
          "How each figure is measured:",
          "",
          "- latency (p50/p95/p99/max): when the answer's body had fully arrived minus the request's"
              + " *intended* start. Request i of a phase is due at t0 + i·60/rate s, the endpoints"
              + " in turn, and is sent then whether or not earlier ones were answered, so a stall"
              + " of the agent or of the generator is charged to every request scheduled during it"
              + " (coordinated omission corrected). HdrHistogram, 3 significant digits; errors are"
              + " recorded with their latency too.",
          "- p99 from send: the same from the actual send, as an uncorrected generator reports it.",
          "- server mean: the agent's own forja_http_server_requests_seconds (request to the start"
              + " of the response), mean over the phase including its warm-up.",
          "- answers/s: answers of any outcome that arrived within the measured window, divided by"
              + " its length; offered/s is the schedule's rate.",
          "- errors: non-2xx answers, timeouts and connection errors of the requests scheduled in"
              + " the window.",
          "- sent late: the generator's own lateness, actual send minus intended start; held by"
              + " in-flight cap: requests that waited for one of "
              + ConstantRateLoad.DEFAULT_MAX_IN_FLIGHT
              + " outstanding-request slots (and are charged for the wait).",
          "- generator CPU: the CPU time of the generator's own threads (its schedule, its"
              + " senders, the HTTP client's pool and selector) over the phase, warm-up and last"
              + " answers included, in cores: what the generator took from the agent.",
          "- KiB/answer: mean body size of an answer.",
          "- charts: sampled once a second; updates in flight is the agent's"
              + " forja_updates_in_flight gauge, updates ended/s the growth of forja_updates_total.");

  /** The updates that did not succeed, by final state and error code, with one message each. */
  public static void unsuccessful(Report report, FormaCommand c) {
    Map<String, Long> counts = new TreeMap<>();
    Map<String, String> example = new TreeMap<>();
    for (ResourceUpdate u : c.updates()) {
      if (u.state() != UpdateState.SUCCESS) {
        String key = u.state().wire() + " " + (u.errorCode() == null ? "-" : u.errorCode());
        counts.merge(key, 1L, Long::sum);
        example.putIfAbsent(key, u.type() + " " + u.label() + ": " + u.message());
      }
    }
    List<List<String>> rows = new ArrayList<>();
    counts.forEach((k, n) -> rows.add(List.of(k, String.valueOf(n), example.get(k))));
    report.table(
        "The apply's updates that did not succeed",
        List.of("state and code", "updates", "e.g."),
        rows);
  }

  /** A rate as a chart name: {@code 600}, {@code 10k}. */
  private static String perMinute(PhaseResult p) {
    long n = Math.round(p.perMinute());
    return n >= 1_000 && n % 1_000 == 0 ? n / 1_000 + "k" : String.valueOf(n);
  }

  /** Milliseconds, with the digits their size deserves. */
  static String ms(double ms) {
    if (ms < 10) {
      return String.format(Locale.ROOT, "%.2f", ms);
    }
    if (ms < 100) {
      return String.format(Locale.ROOT, "%.1f", ms);
    }
    return String.format(Locale.ROOT, "%,.0f", ms);
  }

  static String count(double n) {
    return String.format(Locale.ROOT, "%,.0f", n);
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
