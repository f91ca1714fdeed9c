package dev.forja.plugin.aws.internal;

import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket that delays callers instead of blocking them: {@link #acquire} answers a future
 * that completes when the caller's token is due. Thread-safe.
 *
 * <p>Tokens are reserved in call order: a caller short of a token waits until the refill has paid
 * for it, so callers are released in the order they asked, one interval ({@code 1 / rate}) apart
 * once the burst is spent. The bucket starts full.
 */
public final class TokenBucket {

  /** Runs a task after a delay; in production a {@code ScheduledExecutorService}. */
  @FunctionalInterface
  public interface Scheduler {
    /** Runs {@code task} once {@code delayNanos} have passed; may throw if shut down. */
    void schedule(Runnable task, long delayNanos);
  }

  private final double ratePerSecond;
  private final long interval;
  private final long burstTolerance;
  private final LongSupplier nanoClock;
  private final Scheduler scheduler;
  private final Set<CompletableFuture<Void>> waiting = ConcurrentHashMap.newKeySet();

  // Guarded by this: the instant by which the refill will have paid for every token handed out
  // (GCRA's theoretical arrival time). At or before now, the bucket is full.
  private long paidUpAt;

  /**
   * A bucket of {@code ratePerSecond} tokens a second and a burst of {@code max(1, rate)}.
   *
   * @param nanoClock a monotonic clock in nanoseconds, {@code System::nanoTime} in production
   */
  public TokenBucket(double ratePerSecond, LongSupplier nanoClock, Scheduler scheduler) {
    if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException("rate must be a positive number, got " + ratePerSecond);
    }
    this.ratePerSecond = ratePerSecond;
    this.interval = Math.max(1L, Math.round(1e9 / ratePerSecond));
    this.burstTolerance = Math.round((Math.max(1.0, ratePerSecond) - 1.0) * 1e9 / ratePerSecond);
    this.nanoClock = nanoClock;
    this.scheduler = scheduler;
    this.paidUpAt = nanoClock.getAsLong();
  }

  /** Tokens per second. */
  public double rate() {
    return ratePerSecond;
  }

  /** Completes when the caller may send one request: at once while tokens remain. */
  public CompletableFuture<Void> acquire() {
    long wait = reserve();
    if (wait == 0) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> due = new CompletableFuture<>();
    waiting.add(due);
    try {
      scheduler.schedule(
          () -> {
            waiting.remove(due);
            due.complete(null);
          },
          wait);
    } catch (RuntimeException e) {
      waiting.remove(due);
      due.completeExceptionally(e);
    }
    return due;
  }

  /** Fails every caller still waiting for a token, e.g. when the plugin closes. */
  public void failWaiting(Throwable cause) {
    for (Iterator<CompletableFuture<Void>> it = waiting.iterator(); it.hasNext(); ) {
      CompletableFuture<Void> f = it.next();
      it.remove();
      f.completeExceptionally(cause);
    }
  }

  /** Takes one token and answers how long its holder must wait for it, in nanoseconds. */
  synchronized long reserve() {
    long now = nanoClock.getAsLong();
    // A token bucket in integer nanoseconds (the generic cell rate algorithm): a caller may go
    // once the bucket's debt, paidUpAt - now, is within the burst tolerance; each caller adds one
    // interval.
    // Integers keep the release instants exact, so ordering and spacing never drift.
    long base = Math.max(paidUpAt, now);
    long allowedAt = Math.max(now, paidUpAt - burstTolerance);
    paidUpAt = base + interval;
    return allowedAt - now;
  }
}
