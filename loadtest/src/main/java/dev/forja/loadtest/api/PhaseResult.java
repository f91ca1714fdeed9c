package dev.forja.loadtest.api;

import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What one rate phase of {@link ConstantRateLoad} measured.
 *
 * @param perMinute the offered rate, requests per minute over every endpoint
 * @param warmUp the unrecorded lead-in at the same rate
 * @param measured the recorded window
 * @param endpoints each endpoint's figures, in the order of the calls
 * @param scheduled the requests the schedule placed in the measured window
 * @param lateness how far each of those was sent after its intended start, microseconds
 * @param heldByCap of those, how many found every in-flight slot taken and waited for one
 * @param unfinished of those, how many had not ended when the phase stopped waiting for them
 * @param startNanos when the warm-up began, {@link System#nanoTime} clock
 * @param windowFromNanos when the measured window began
 * @param windowToNanos when it ended (the last intended start is before it)
 * @param endNanos when the phase returned, its last requests ended
 * @param generatorCpuNanos the CPU time the generator's own threads used over the phase
 */
public record PhaseResult(
    double perMinute,
    Duration warmUp,
    Duration measured,
    List<EndpointResult> endpoints,
    long scheduled,
    Histogram lateness,
    long heldByCap,
    long unfinished,
    long startNanos,
    long windowFromNanos,
    long windowToNanos,
    long endNanos,
    long generatorCpuNanos) {
  public PhaseResult {
    endpoints = List.copyOf(endpoints);
  }

  /** The generator's CPU over the phase, in cores: 1.0 is one core busy throughout. */
  public double generatorCores() {
    long wall = endNanos - startNanos;
    return wall <= 0 ? 0 : (double) generatorCpuNanos / wall;
  }

  /** Every endpoint's figures merged. */
  public EndpointResult total() {
    return EndpointResult.merge("all", endpoints);
  }

  /** The send lateness at {@code percentile} (0 to 100), in milliseconds. */
  public double latenessMs(double percentile) {
    return lateness.getTotalCount() == 0 ? 0 : lateness.getValueAtPercentile(percentile) / 1_000.0;
  }

  /** The largest send lateness, in milliseconds. */
  public double maxLatenessMs() {
    return lateness.getTotalCount() == 0 ? 0 : lateness.getMaxValue() / 1_000.0;
  }
}
