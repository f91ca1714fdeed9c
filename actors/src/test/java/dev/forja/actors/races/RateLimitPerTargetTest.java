package dev.forja.actors.races;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rate limiter holds every plugin request to a target, status polls included, to the rate its
 * settings give that target's label: a token bucket of {@code rps} per second holding at most one
 * second's worth ({@code capacity = rps}), so permits in any window of {@code T} seconds number at
 * most {@code capacity + rps * T}, and {@code n} permits span at least {@code (n - capacity) / rps}
 * seconds.
 *
 * <p>The plugin sees a request a little after its permit (the operator's mailbox), by up to {@link
 * #LATENCY} (a quarter second, so a build machine's CPU starvation does not fail the test); the
 * bounds on the plugin's clock allow for exactly that: a window may hold {@code rps * LATENCY} more
 * requests, and the span may be {@code LATENCY} shorter. A limiter that is 10% fast still fails the
 * span (4.55 s for 120 requests against 4.75 s), and one whose bucket holds twice a second's worth
 * fails the window (60 against 45).
 */
class RateLimitPerTargetTest {
  private static final String TARGET = "sim-slow";
  private static final int RPS = 20;
  private static final int CREATES = 60;
  private static final long SECOND = Duration.ofSeconds(1).toNanos();
  private static final Duration LATENCY = Duration.ofMillis(250);

  @Test
  void pluginRequestsStayWithinTheTargetsRate() {
    // Polls queue for permits behind the creates; the status wait must cover that queueing.
    try (EngineHarness h =
        EngineHarness.create(
            b ->
                b.requestsPerSecondOverrides(Map.of(TARGET, RPS))
                    .maxStatusWait(Duration.ofSeconds(10))
                    .resolveTimeout(Duration.ofMinutes(2)))) {
      h.spawn();
      SimFormas f = SimFormas.stack("limited", TARGET);
      for (int i = 0; i < CREATES; i++) {
        f.queue("q" + i);
      }
      String id = h.submit(f.json());
      FormaCommand end = h.awaitEnd(id);
      assertThat(end.state()).isEqualTo(CommandState.SUCCESS);
      assertThat(h.cloud.resourceCount()).isEqualTo(CREATES);

      List<Long> at = h.plugin.calls().stream().map(HeldPlugin.Call::nanos).sorted().toList();
      int capacity = RPS;
      assertThat(at.size()).isGreaterThan(CREATES);
      int busiest = 0;
      for (int i = 0, j = 0; i < at.size(); i++) {
        while (j < at.size() && at.get(j) - at.get(i) < SECOND) {
          j++;
        }
        busiest = Math.max(busiest, j - i);
      }
      double latency = LATENCY.toNanos() / (double) SECOND;
      assertThat(busiest)
          .as("requests in the busiest second")
          .isLessThanOrEqualTo(RPS + capacity + (int) Math.ceil(RPS * latency));
      double elapsed = (at.get(at.size() - 1) - at.get(0)) / (double) SECOND;
      double least = (at.size() - capacity) / (double) RPS - latency;
      assertThat(elapsed).as("seconds for %d requests", at.size()).isGreaterThanOrEqualTo(least);
    }
  }
}
