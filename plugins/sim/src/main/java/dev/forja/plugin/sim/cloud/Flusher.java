package dev.forja.plugin.sim.cloud;

import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The background thread that writes a persistent cloud's state file every {@value
 * SimCloud#FLUSH_MILLIS} ms. It holds no cloud state: {@code flush} takes the cloud's lock itself.
 */
final class Flusher {
  private final ScheduledExecutorService executor;
  private final ScheduledFuture<?> flushing;

  /** Starts writing with {@code flush}; {@code stateFile} only names the file in errors. */
  Flusher(Runnable flush, Path stateFile) {
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sim-cloud-flusher");
              t.setDaemon(true);
              return t;
            });
    // Failures are handled in the task; the future is only kept to satisfy ErrorProne.
    this.flushing =
        executor.scheduleWithFixedDelay(
            () -> {
              try {
                flush.run();
              } catch (RuntimeException e) {
                // The next round tries again; a background writer must not die of one bad write.
                System.err.println("sim-cloud: cannot write " + stateFile + ": " + e);
              }
            },
            SimCloud.FLUSH_MILLIS,
            SimCloud.FLUSH_MILLIS,
            TimeUnit.MILLISECONDS);
  }

  /** Stops writing, and waits for a write under way to end. */
  void stop() {
    flushing.cancel(false);
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
