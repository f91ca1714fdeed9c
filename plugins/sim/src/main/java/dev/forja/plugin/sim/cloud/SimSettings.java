package dev.forja.plugin.sim.cloud;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * How the simulated cloud behaves: how long mutations take and how often API calls fail.
 *
 * @param latencyMin the shortest time a create, update or delete stays in progress
 * @param latencyMax the longest; each request draws uniformly between the two
 * @param throttleRate the share of API calls answered with {@code ThrottlingException}, 0 to 1
 * @param errorRate the share of API calls answered with {@code InternalFailure} (HTTP 500), 0 to 1
 */
public record SimSettings(
    @JsonProperty("LatencyMin") Duration latencyMin,
    @JsonProperty("LatencyMax") Duration latencyMax,
    @JsonProperty("ThrottleRate") double throttleRate,
    @JsonProperty("ErrorRate") double errorRate) {
  /** No latency, no faults. */
  public static final SimSettings IDEAL = new SimSettings(Duration.ZERO, Duration.ZERO, 0, 0);
}
