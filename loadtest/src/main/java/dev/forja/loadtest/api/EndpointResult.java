package dev.forja.loadtest.api;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one endpoint's requests of one phase measured (or every endpoint's, merged).
 *
 * @param name the endpoint's name
 * @param latency from each request's intended start to its answer, microseconds: corrected for
 *     coordinated omission, errors included
 * @param response from each request's actual send to its answer, microseconds: what a generator
 *     that does not correct would report
 * @param outcomes how many requests ended each way
 * @param examples for each error outcome, what the first such request ended with
 * @param bytes the answers' body bytes
 * @param completedInWindow answers (of any request, warm-up included) that arrived in the measured
 *     window
 * @param windowSeconds the measured window's length
 */
public record EndpointResult(
    String name,
    Histogram latency,
    Histogram response,
    Map<Outcome, Long> outcomes,
    Map<Outcome, String> examples,
    long bytes,
    long completedInWindow,
    double windowSeconds) {
  public EndpointResult {
    outcomes = Map.copyOf(outcomes);
    examples = Map.copyOf(examples);
  }

  /** The requests scheduled in the measured window that ended (answered or failed). */
  public long requests() {
    return latency.getTotalCount();
  }

  /** The requests that ended with {@code outcome}. */
  public long count(Outcome outcome) {
    return outcomes.getOrDefault(outcome, 0L);
  }

  /** The requests that did not end with a 2xx answer. */
  public long errors() {
    return requests() - count(Outcome.OK);
  }

  /** Answers per second in the measured window. */
  public double achievedPerSecond() {
    return windowSeconds <= 0 ? 0 : completedInWindow / windowSeconds;
  }

  /** The latency at {@code percentile} (0 to 100), in milliseconds; 0 with no requests. */
  public double latencyMs(double percentile) {
    return requests() == 0 ? 0 : latency.getValueAtPercentile(percentile) / 1_000.0;
  }

  /** The largest latency, in milliseconds. */
  public double maxMs() {
    return requests() == 0 ? 0 : latency.getMaxValue() / 1_000.0;
  }

  /** The mean body size of an answer, in bytes. */
  public double meanBytes() {
    return requests() == 0 ? 0 : (double) bytes / requests();
  }

  /** {@code parts} merged under {@code name}. */
  public static EndpointResult merge(String name, List<EndpointResult> parts) {
    Histogram latency = new Histogram(EndpointStats.MAX_MICROS, EndpointStats.DIGITS);
    Histogram response = new Histogram(EndpointStats.MAX_MICROS, EndpointStats.DIGITS);
    Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
    Map<Outcome, String> examples = new EnumMap<>(Outcome.class);
    long bytes = 0;
    long completed = 0;
    double window = 0;
    for (EndpointResult p : parts) {
      latency.add(p.latency);
      response.add(p.response);
      p.outcomes.forEach((k, v) -> outcomes.merge(k, v, Long::sum));
      p.examples.forEach(examples::putIfAbsent);
      bytes += p.bytes;
      completed += p.completedInWindow;
      window = Math.max(window, p.windowSeconds);
    }
    return new EndpointResult(
        name, latency, response, outcomes, examples, bytes, completed, window);
  }
}
