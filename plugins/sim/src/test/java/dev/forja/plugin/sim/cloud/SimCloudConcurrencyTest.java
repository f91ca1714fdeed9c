package dev.forja.plugin.sim.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many threads against one cloud: every operation lands once, and throughput stays far above what
 * the server needs (2,000 operations/s end to end). Prints the figure.
 */
class SimCloudConcurrencyTest {
  private static final String QUEUE = "AWS::SQS::Queue";
  private static final int THREADS = 8;
  private static final int PER_THREAD = 1_500;

  @TempDir Path dir;

  @Test
  void manyThreadsInMemory() throws Exception {
    try (SimCloud cloud = SimCloud.inMemory(SimSettings.IDEAL)) {
      run(cloud, "in-memory");
    }
  }

  @Test
  void manyThreadsPersistent() throws Exception {
    try (SimCloud cloud = SimCloud.persistent(SimSettings.IDEAL, dir.resolve("sim.json"))) {
      run(cloud, "persistent");
    }
    try (SimCloud reopened = SimCloud.persistent(SimSettings.IDEAL, dir.resolve("sim.json"))) {
      assertThat(reopened.resourceCount()).isEqualTo(THREADS * PER_THREAD / 2);
    }
  }

  private static void run(SimCloud cloud, String face) throws Exception {
    AtomicLong ops = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    long start = System.nanoTime();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(pool.submit(() -> work(cloud, thread, ops)));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double rate = ops.get() / seconds;
    System.out.printf(
        Locale.ROOT,
        "SimCloud %s: %d threads, %d operations in %.2f s: %.0f ops/s%n",
        face,
        THREADS,
        ops.get(),
        seconds,
        rate);
    // Half the queues were deleted again.
    assertThat(cloud.resourceCount()).isEqualTo(THREADS * PER_THREAD / 2);
    assertThat(rate).isGreaterThan(2_000);
  }

  private static void work(SimCloud cloud, int thread, AtomicLong ops) {
    for (int i = 0; i < PER_THREAD; i++) {
      String name = "t" + thread + "-q" + i;
      ProgressEvent c =
          cloud.createResource(QUEUE, "{\"QueueName\":\"" + name + "\"}", "c-" + name);
      ProgressEvent done = cloud.getResourceRequestStatus(c.requestToken());
      assertThat(done.operationStatus()).isEqualTo("SUCCESS");
      assertThat(cloud.getResource(QUEUE, done.identifier()).identifier())
          .isEqualTo(done.identifier());
      ops.addAndGet(3);
      if (i % 2 == 0) {
        ProgressEvent d = cloud.deleteResource(QUEUE, done.identifier(), "d-" + name);
        assertThat(cloud.getResourceRequestStatus(d.requestToken()).operationStatus())
            .isEqualTo("SUCCESS");
        ops.addAndGet(2);
      }
    }
  }
}
