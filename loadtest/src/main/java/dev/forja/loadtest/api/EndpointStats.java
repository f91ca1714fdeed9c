package dev.forja.loadtest.api;

import java.net.http.HttpResponse;
import java.util.EnumMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one endpoint's requests of one phase measured, recorded from the HTTP client's threads. A
 * request scheduled in the warm-up is counted only towards the completions of the measured window
 * (the achieved rate), never towards latency or errors.
 */
final class EndpointStats {
  /** One hour in microseconds: longer values are clamped to it. */
  static final long MAX_MICROS = 3_600_000_000L;

  /** Three significant digits: 0.1% resolution at any value. */
  static final int DIGITS = 3;

  private final String name;
  private final long windowFrom;
  private final long windowTo;
  private final Histogram latency = new Histogram(MAX_MICROS, DIGITS);
  private final Histogram response = new Histogram(MAX_MICROS, DIGITS);
  private final Histogram lateness = new Histogram(MAX_MICROS, DIGITS);
  private final Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
  private final Map<Outcome, String> examples = new EnumMap<>(Outcome.class);
  private long bytes;
  private long completedInWindow;

  /**
   * @param windowFrom the measured window's start, {@link System#nanoTime} clock
   * @param windowTo its end
   */
  EndpointStats(String name, long windowFrom, long windowTo) {
    this.name = name;
    this.windowFrom = windowFrom;
    this.windowTo = windowTo;
  }

  /**
   * Records one request that ended at {@code done} with {@code answer} (or {@code failure}).
   *
   * @param intended when the schedule said to send it
   * @param sent when it was handed to the client
   * @param recorded whether it was scheduled in the measured window
   */
  synchronized void record(
      long intended,
      long sent,
      long done,
      HttpResponse<Long> answer,
      Throwable failure,
      boolean recorded) {
    if (done >= windowFrom && done < windowTo) {
      completedInWindow++;
    }
    if (!recorded) {
      return;
    }
    Outcome outcome =
        answer != null ? Outcome.ofStatus(answer.statusCode()) : Outcome.ofFailure(failure);
    outcomes.merge(outcome, 1L, Long::sum);
    if (outcome != Outcome.OK && !examples.containsKey(outcome)) {
      examples.put(outcome, answer != null ? "HTTP " + answer.statusCode() : describe(failure));
    }
    latency.recordValue(micros(done - intended));
    lateness.recordValue(micros(sent - intended));
    response.recordValue(micros(done - sent));
    if (answer != null && answer.body() != null) {
      bytes += answer.body();
    }
  }

  /** How late the recorded requests were sent after their intended start, microseconds. */
  synchronized Histogram lateness() {
    return lateness.copy();
  }

  /** What was recorded so far. */
  synchronized EndpointResult result() {
    return new EndpointResult(
        name,
        latency.copy(),
        response.copy(),
        Map.copyOf(outcomes),
        Map.copyOf(examples),
        bytes,
        completedInWindow,
        (windowTo - windowFrom) / 1e9);
  }

  /** The failure and its causes, one line. */
  private static String describe(Throwable failure) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = failure; t != null && b.length() < 300; t = t.getCause()) {
      if (b.length() > 0) {
        b.append(" <- ");
      }
      b.append(t.getClass().getSimpleName());
      if (t.getMessage() != null) {
        b.append(": ").append(t.getMessage());
      }
    }
    return b.toString();
  }

  static long micros(long nanos) {
    return Math.min(MAX_MICROS, Math.max(0, nanos / 1_000));
  }
}
