package dev.forja.loadtest.report;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Samples counters and gauges into {@link TimeSeries} on a daemon thread, once per period, over the
 * seconds since {@link #start}. Series may be registered at any time before {@link #close}; each
 * one's first sample is taken at the first tick after it was registered. Thread-safe; the suppliers
 * are called on the sampling thread, so they must be safe to read from another thread (an {@code
 * AtomicLong}, a volatile field, a read model query).
 *
 * <pre>{@code
 * try (Sampler sampler = Sampler.start(Duration.ofSeconds(1))) {
 *   TimeSeries ops = sampler.rate("operations/s", operations::get);
 *   TimeSeries inFlight = sampler.gauge("in flight", inFlightUpdates::get);
 *   ... the run ...
 * }
 * report.lineChart("ops", "Resource operations per second", "operations/s", List.of(ops));
 * }</pre>
 */
public final class Sampler implements AutoCloseable {
  private static final double BYTES_PER_MB = 1024.0 * 1024.0;

  private final long startNanos;
  private final ScheduledExecutorService timer;
  private final List<Probe> probes = new ArrayList<>();
  private boolean closed;

  private Sampler(long startNanos, ScheduledExecutorService timer) {
    this.startNanos = startNanos;
    this.timer = timer;
  }

  /** Starts sampling every {@code period}; the clock of every series starts now. */
  public static Sampler start(Duration period) {
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("the sampling period must be positive: " + period);
    }
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "forja-loadtest-sampler");
              t.setDaemon(true); // a run that forgets close() must still let the JVM exit
              return t;
            });
    Sampler sampler = new Sampler(System.nanoTime(), timer);
    long nanos = period.toNanos();
    // sample() catches what a supplier throws, so the task never ends with an exception to read.
    ScheduledFuture<?> unused =
        timer.scheduleAtFixedRate(sampler::sample, nanos, nanos, TimeUnit.NANOSECONDS);
    return sampler;
  }

  /**
   * The per-second rate of {@code counter}, a count that only grows (operations done, events
   * persisted): each sample is the growth since the previous sample divided by the seconds between
   * them. The first sample measures from the moment of registration.
   */
  public synchronized TimeSeries rate(String name, LongSupplier counter) {
    checkOpen();
    TimeSeries series = new TimeSeries(name);
    probes.add(new Rate(series, counter, System.nanoTime(), counter.getAsLong()));
    return series;
  }

  /** The value of {@code value} at each sample (in-flight updates, queue length). */
  public synchronized TimeSeries gauge(String name, DoubleSupplier value) {
    checkOpen();
    TimeSeries series = new TimeSeries(name);
    probes.add(new Gauge(series, value));
    return series;
  }

  /** The used heap in MB at each sample, as the JVM's memory bean reports it. */
  public TimeSeries heapMb() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    return gauge("heap used (MB)", () -> memory.getHeapMemoryUsage().getUsed() / BYTES_PER_MB);
  }

  /** The seconds since {@link #start}, on the clock the series use. */
  public double elapsedSeconds() {
    return seconds(System.nanoTime());
  }

  /** Takes a final sample and stops the sampling thread. Calling it again does nothing. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    timer.shutdown(); // cancels the periodic task; a tick in progress runs to its end
    try {
      // A tick in progress finishes before the final sample, so samples stay in time order.
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sampleNow();
  }

  /** True once {@link #close} has stopped the sampling thread. */
  boolean stopped() {
    return timer.isTerminated();
  }

  private void sample() {
    synchronized (this) {
      if (closed) {
        return;
      }
    }
    sampleNow();
  }

  private synchronized void sampleNow() {
    long now = System.nanoTime();
    for (Probe probe : probes) {
      try {
        probe.sample(now);
      } catch (RuntimeException e) {
        // One failing supplier must not stop the others: the executor would cancel the task.
        probe.failed(e);
      }
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the sampler is closed");
    }
  }

  private double seconds(long nanos) {
    return (nanos - startNanos) / 1e9;
  }

  /** One registered series; called only with the sampler's lock held. */
  private abstract static class Probe {
    final TimeSeries series;
    private boolean reported;

    Probe(TimeSeries series) {
      this.series = series;
    }

    abstract void sample(long now);

    void failed(RuntimeException e) {
      if (!reported) {
        reported = true;
        System.err.println("sampler: '" + series.name() + "' skips samples that fail: " + e);
      }
    }
  }

  private final class Rate extends Probe {
    private final LongSupplier counter;
    private long lastNanos;
    private long lastCount;

    Rate(TimeSeries series, LongSupplier counter, long nanos, long count) {
      super(series);
      this.counter = counter;
      this.lastNanos = nanos;
      this.lastCount = count;
    }

    @Override
    void sample(long now) {
      long count = counter.getAsLong();
      if (now <= lastNanos) {
        return; // registered in this very tick: no interval to divide by yet
      }
      series.add(seconds(now), (count - lastCount) / ((now - lastNanos) / 1e9));
      lastNanos = now;
      lastCount = count;
    }
  }

  private final class Gauge extends Probe {
    private final DoubleSupplier value;

    Gauge(TimeSeries series, DoubleSupplier value) {
      super(series);
      this.value = value;
    }

    @Override
    void sample(long now) {
      series.add(seconds(now), value.getAsDouble());
    }
  }
}
