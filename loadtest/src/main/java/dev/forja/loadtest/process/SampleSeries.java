package dev.forja.loadtest.process;

import dev.forja.engine.command.UpdateState;
import dev.forja.loadtest.report.TimeSeries;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Chart lines and in-flight figures from the samples of {@link CommandWatch}: in-flight updates
 * against the limit, updates ended and plugin calls per second, updates per state.
 */
public final class SampleSeries {
  private SampleSeries() {}

  /**
   * In-flight updates during the steady part of a command: the samples taken while at least {@code
   * limit} of its {@code updates} were not yet final, so that the limit could be reached.
   *
   * @param samples how many samples the steady part has
   * @param mean the mean of {@code forja_updates_in_flight} over them
   * @param p50 its median
   * @param max its largest value
   * @param atLimit the share of them (0 to 1) at or above the limit
   */
  public record InFlight(int samples, double mean, double p50, double max, double atLimit) {}

  /** The steady part's in-flight figures; all 0 when no sample qualifies. */
  public static InFlight steadyInFlight(List<CommandWatch.Sample> samples, int limit, int updates) {
    List<Double> values = new ArrayList<>();
    int atLimit = 0;
    for (CommandWatch.Sample s : samples) {
      if (s.state() == null || s.ended() || updates - s.finalUpdates() < limit) {
        continue;
      }
      values.add(s.inFlight());
      atLimit += s.inFlight() >= limit ? 1 : 0;
    }
    if (values.isEmpty()) {
      return new InFlight(0, 0, 0, 0, 0);
    }
    double sum = 0;
    double max = 0;
    for (double v : values) {
      sum += v;
      max = Math.max(max, v);
    }
    List<Double> sorted = values.stream().sorted().toList();
    double p50 = sorted.get((sorted.size() - 1) / 2);
    return new InFlight(
        values.size(), sum / values.size(), p50, max, atLimit / (double) values.size());
  }

  /**
   * Updates ended per second in the steady part once the first update has ended (the agent's cold
   * start excluded): the change of final updates between the first and the last such sample; NaN
   * with fewer than two.
   */
  public static double steadyRate(List<CommandWatch.Sample> samples, int limit, int updates) {
    CommandWatch.Sample first = null;
    CommandWatch.Sample last = null;
    for (CommandWatch.Sample s : samples) {
      if (s.state() == null
          || s.ended()
          || s.finalUpdates() == 0
          || updates - s.finalUpdates() < limit) {
        continue;
      }
      if (first == null) {
        first = s;
      }
      last = s;
    }
    if (first == null || last.seconds() <= first.seconds()) {
      return Double.NaN;
    }
    return (last.finalUpdates() - first.finalUpdates()) / (last.seconds() - first.seconds());
  }

  /** {@code forja_updates_in_flight} over time. */
  public static TimeSeries inFlight(String name, List<CommandWatch.Sample> samples) {
    return line(name, samples, CommandWatch.Sample::inFlight);
  }

  /** The count of updates in {@code state} over time, from the samples that read the status. */
  public static TimeSeries state(
      String name, List<CommandWatch.Sample> samples, UpdateState state) {
    TimeSeries t = new TimeSeries(name);
    for (CommandWatch.Sample s : samples) {
      if (s.state() != null) {
        t.add(s.seconds(), s.count(state));
      }
    }
    return t;
  }

  /** Updates in any final state over time, from the samples that read the status. */
  public static TimeSeries finalUpdates(String name, List<CommandWatch.Sample> samples) {
    TimeSeries t = new TimeSeries(name);
    for (CommandWatch.Sample s : samples) {
      if (s.state() != null) {
        t.add(s.seconds(), s.finalUpdates());
      }
    }
    return t;
  }

  /** A flat line at {@code value} across the samples' time span. */
  public static TimeSeries constant(String name, List<CommandWatch.Sample> samples, double value) {
    TimeSeries t = new TimeSeries(name);
    if (!samples.isEmpty()) {
      t.add(samples.get(0).seconds(), value);
      t.add(samples.get(samples.size() - 1).seconds(), value);
    }
    return t;
  }

  /**
   * The per-second rate of a counter over consecutive samples, each point at the end of its
   * interval. A counter that drops (a restarted agent counts from 0) starts a new segment: the
   * interval across the drop is left out.
   */
  public static TimeSeries rate(
      String name,
      List<CommandWatch.Sample> samples,
      ToDoubleFunction<CommandWatch.Sample> counter) {
    TimeSeries t = new TimeSeries(name);
    for (int i = 1; i < samples.size(); i++) {
      CommandWatch.Sample a = samples.get(i - 1);
      CommandWatch.Sample b = samples.get(i);
      double dt = b.seconds() - a.seconds();
      double dv = counter.applyAsDouble(b) - counter.applyAsDouble(a);
      if (dt > 0 && dv >= 0) {
        t.add(b.seconds(), dv / dt);
      }
    }
    return t;
  }

  /** Updates ended per second, from {@code forja_updates_total}. */
  public static TimeSeries updatesPerSecond(String name, List<CommandWatch.Sample> samples) {
    return rate(name, samples, CommandWatch.Sample::updatesEnded);
  }

  /** Plugin calls answered per second, status polls included. */
  public static TimeSeries pluginCallsPerSecond(String name, List<CommandWatch.Sample> samples) {
    return rate(name, samples, CommandWatch.Sample::pluginCalls);
  }

  /** The mean and largest time a status read took, in ms: {@code [mean, max]}. */
  public static double[] statusMillis(List<CommandWatch.Sample> samples) {
    double sum = 0;
    double max = 0;
    int n = 0;
    for (CommandWatch.Sample s : samples) {
      if (s.state() != null) {
        sum += s.statusMillis();
        max = Math.max(max, s.statusMillis());
        n++;
      }
    }
    return new double[] {n == 0 ? 0 : sum / n, max};
  }

  private static TimeSeries line(
      String name, List<CommandWatch.Sample> samples, ToDoubleFunction<CommandWatch.Sample> value) {
    TimeSeries t = new TimeSeries(name);
    for (CommandWatch.Sample s : samples) {
      t.add(s.seconds(), value.applyAsDouble(s));
    }
    return t;
  }
}
