package dev.forja.loadtest.api;

import java.util.Map;

/**
 * One rate phase as the api scenario ran it.
 *
 * @param result what the generator measured
 * @param serverMeanMs per endpoint name, the agent's own mean time to the start of the response
 *     over the phase (warm-up included), from its {@code forja_http_server_requests_seconds}
 * @param fromSeconds when the measured window began, on the run's sampling clock
 * @param toSeconds when it ended
 * @param insideApply whether the apply was still running when the window ended
 */
public record PhaseRun(
    PhaseResult result,
    Map<String, Double> serverMeanMs,
    double fromSeconds,
    double toSeconds,
    boolean insideApply) {
  public PhaseRun {
    serverMeanMs = Map.copyOf(serverMeanMs);
  }
}
