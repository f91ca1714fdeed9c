package dev.forja.plugin.sim.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.plugin.sim.cloud.SimCloud;
import dev.forja.plugin.sim.cloud.SimSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.amazon.awssdk.services.cloudcontrol.CloudControlClient;

/**
 * How many Cloud Control calls a second the server answers with the AWS SDK as client (no latency,
 * no faults). A measurement, not a unit test: {@code -Dsim.throughput=true} runs it.
 */
@EnabledIfSystemProperty(named = "sim.throughput", matches = "true")
class SimServerThroughputTest {
  private static final String LOG_GROUP = "AWS::Logs::LogGroup";
  private static final int CLIENTS = 4;
  private static final int ROUNDS = 8;
  private static final Duration ROUND = Duration.ofSeconds(3);

  @Test
  void getResourceThroughputWithTheSdk() throws Exception {
    try (SimServer server = SimServer.start(SimCloud.inMemory(SimSettings.IDEAL));
        CloudControlClient sdk = ServerClients.sdk(server)) {
      String id =
          ServerClients.awaitEnd(
                  sdk,
                  sdk.createResource(
                          r ->
                              r.typeName(LOG_GROUP)
                                  .desiredState("{\"LogGroupName\": \"bench\"}")
                                  .clientToken(UUID.randomUUID().toString()))
                      .progressEvent()
                      .requestToken())
              .identifier();
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      try {
        // The first rounds measure the JIT more than the server: the best round is the figure.
        double best = 0;
        for (int round = 1; round <= ROUNDS; round++) {
          double perSecond = run(pool, sdk, id, ROUND) / (ROUND.toMillis() / 1000.0);
          System.out.printf(
              "sim server: round %d: %.0f GetResource/s with the AWS SDK (%d client threads)%n",
              round, perSecond, CLIENTS);
          best = Math.max(best, perSecond);
        }
        assertThat(best).isGreaterThan(2_000);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private static long run(ExecutorService pool, CloudControlClient sdk, String id, Duration run)
      throws Exception {
    List<Future<Long>> counts = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      counts.add(pool.submit(() -> loop(sdk, id, run)));
    }
    long total = 0;
    for (Future<Long> count : counts) {
      total += count.get();
    }
    return total;
  }

  private static long loop(CloudControlClient sdk, String id, Duration run) {
    long end = System.nanoTime() + run.toNanos();
    long calls = 0;
    while (System.nanoTime() < end) {
      sdk.getResource(r -> r.typeName(LOG_GROUP).identifier(id));
      calls++;
    }
    return calls;
  }
}
