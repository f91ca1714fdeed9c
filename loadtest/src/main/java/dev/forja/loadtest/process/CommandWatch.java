package dev.forja.loadtest.process;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.UpdateState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Follows one command of an agent, sampling it periodically: the command's update counts per state
 * ({@code GET /commands/{id}}, which the agent answers from the live command) and the agent's
 * metrics ({@code forja_updates_in_flight}, the updates ended, the plugin calls made). Samples are
 * timed in seconds since a start the caller chooses, so that several phases share one time axis.
 */
public final class CommandWatch {
  /** Metric names the samples read. */
  static final String IN_FLIGHT = "forja_updates_in_flight";

  static final String UPDATES_ENDED = "forja_updates_total";
  static final String PLUGIN_CALLS = "forja_plugin_call_seconds_count";

  private final AgentClient agent;
  private final String commandId;
  private final long originNanos;

  /**
   * One sample.
   *
   * @param seconds since the watch's origin
   * @param state the command's state; null when the status was not read
   * @param counts updates per state; empty when the status was not read
   * @param inFlight {@code forja_updates_in_flight}
   * @param updatesEnded updates ended since the agent started, all operations and final states
   * @param pluginCalls plugin calls answered since the agent started, status polls included
   * @param statusMillis how long {@code GET /commands/{id}} took, 0 when not read
   */
  public record Sample(
      double seconds,
      CommandState state,
      Map<UpdateState, Integer> counts,
      double inFlight,
      double updatesEnded,
      double pluginCalls,
      double statusMillis) {
    /**
     * A sample of the time no agent ran (between a kill and a restart): nothing in flight, and
     * counters at 0, as the next agent starts them.
     */
    public static Sample noAgent(double seconds) {
      return new Sample(seconds, null, Map.of(), 0, 0, 0, 0);
    }

    /** Updates in a final state, per the status. */
    public int finalUpdates() {
      int n = 0;
      for (Map.Entry<UpdateState, Integer> e : counts.entrySet()) {
        n += e.getKey().isFinal() ? e.getValue() : 0;
      }
      return n;
    }

    /** The count of {@code s}, 0 when the status was not read. */
    public int count(UpdateState s) {
      return counts.getOrDefault(s, 0);
    }

    /** Whether the command had ended. */
    public boolean ended() {
      return state != null && state.isFinal();
    }
  }

  /** A watch of {@code commandId} whose samples count seconds from {@code originNanos}. */
  public CommandWatch(AgentClient agent, String commandId, long originNanos) {
    this.agent = agent;
    this.commandId = commandId;
    this.originNanos = originNanos;
  }

  /** Seconds since this watch's origin. */
  public double secondsNow() {
    return (System.nanoTime() - originNanos) / 1e9;
  }

  /** One sample now; with {@code withStatus} false only the metrics are read (a cheap sample). */
  public Sample sample(boolean withStatus) {
    double seconds = (System.nanoTime() - originNanos) / 1e9;
    Metrics m = agent.metrics();
    CommandState state = null;
    Map<UpdateState, Integer> counts = Map.of();
    double statusMillis = 0;
    if (withStatus) {
      long before = System.nanoTime();
      JsonNode status = agent.status(commandId);
      statusMillis = (System.nanoTime() - before) / 1e6;
      state = CommandState.fromWire(status.path("State").asText());
      counts = counts(status);
    }
    return new Sample(
        seconds,
        state,
        counts,
        m.sum(IN_FLIGHT),
        m.sum(UPDATES_ENDED),
        m.sum(PLUGIN_CALLS),
        statusMillis);
  }

  /**
   * Samples every {@code period} (the status included) until the command ends or {@code stop} holds
   * for a sample; returns every sample, the last one first to satisfy either. Throws when {@code
   * deadline} passes or no update ends for {@code stall}.
   */
  public List<Sample> follow(
      Duration period,
      boolean withStatus,
      Instant deadline,
      Duration stall,
      Predicate<Sample> stop) {
    List<Sample> samples = new ArrayList<>();
    double lastProgress = -1;
    long progressNanos = System.nanoTime();
    long next = System.nanoTime();
    while (true) {
      Sample s = sample(withStatus);
      samples.add(s);
      if (s.ended() || stop.test(s)) {
        return samples;
      }
      double progress = withStatus ? s.finalUpdates() : s.updatesEnded();
      if (progress != lastProgress) {
        lastProgress = progress;
        progressNanos = System.nanoTime();
      } else if (System.nanoTime() - progressNanos > stall.toNanos()) {
        throw new IllegalStateException(
            "command " + commandId + " made no progress for " + stall + "; last sample " + s);
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "command " + commandId + " did not end by " + deadline + "; last sample " + s);
      }
      next += period.toNanos();
      long wait = next - System.nanoTime();
      if (wait > 0) {
        ForjaProcess.pause(Duration.ofNanos(wait));
      } else {
        next = System.nanoTime();
      }
    }
  }

  /** The updates per state of a status JSON's {@code Counts}. */
  public static Map<UpdateState, Integer> counts(JsonNode status) {
    Map<UpdateState, Integer> counts = new EnumMap<>(UpdateState.class);
    for (UpdateState s : UpdateState.values()) {
      counts.put(s, status.path("Counts").path(s.wire()).asInt(0));
    }
    return Collections.unmodifiableMap(counts);
  }
}
