package dev.forja.loadtest.api;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * An open-model, constant-arrival-rate HTTP load generator. Request {@code i} of a phase has an
 * intended start {@code t0 + i * 60/rate} seconds, fixed before the phase begins, and goes to the
 * calls in turn (round-robin). The schedule's thread never waits for an answer: at each intended
 * start it hands the request to a sender thread and moves on, so a slow answer holds no later
 * request back.
 *
 * <p>Latency is the answer's arrival minus the intended start, not minus the actual send. This
 * corrects for coordinated omission: when the generator itself falls behind (a GC pause, a full
 * in-flight cap, a slow thread), the requests it sends late are charged the time they waited, as a
 * user arriving on schedule would have waited; a stall of the server is charged to every request
 * scheduled during it. The time from the actual send is recorded too, to show the difference. How
 * late the generator sent ({@link PhaseResult#lateness}) measures the generator itself.
 *
 * <p>At most {@code maxInFlight} requests are outstanding; the next one waits for a slot (late, and
 * charged for it). The cap keeps a saturated agent from drowning in connections: open HTTP/1.1
 * requests each hold one, and past the server's connection limit they would fail for want of one
 * rather than measure the agent.
 *
 * <p>Why sender threads and {@link HttpClient#send} rather than {@link HttpClient#sendAsync}: the
 * JDK's client completes every {@code sendAsync} future through {@code CompletableFuture}'s default
 * executor, and where the common pool's parallelism is 1 (the JDK's default on two cores, unless
 * the launcher raises it as {@code LoadtestMain} does) that executor starts a new thread per task:
 * one thread start per answer, which capped this generator near 500 requests/s. {@code send} has no
 * such hop, whatever the JVM's settings. The sender threads are reused, and there are never more
 * than the requests in flight (plus a few finishing).
 */
public final class ConstantRateLoad implements AutoCloseable {
  /** How long the client waits for an answer; below Pekko HTTP's 20 s request timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Outstanding requests at most: far above a healthy agent's needs, below its 1,024 connections.
   */
  public static final int DEFAULT_MAX_IN_FLIGHT = 512;

  /** Threads of the client's own work (reading answers, delivering bodies). */
  private static final int CLIENT_THREADS = 2;

  /** From the call to the first intended start: the schedule begins in the future, never late. */
  private static final long LEAD_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  /** Beyond the client's timeout: how long a phase waits for its last answers. */
  private static final Duration DRAIN_MARGIN = Duration.ofSeconds(10);

  private static final String CLIENT_THREAD_PREFIX = "forja-loadtest-http-";

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private static final HttpResponse.BodyHandler<Long> COUNT_BYTES =
      info -> HttpResponse.BodySubscribers.fromSubscriber(new ByteCount(), ByteCount::total);

  private final HttpClient client;
  private final ExecutorService executor;
  private final ExecutorService senders;
  private final Duration timeout;
  private final int maxInFlight;
  private final Semaphore slots;
  private final LongAdder sent = new LongAdder();
  private final LongAdder answered = new LongAdder();
  private final LongAdder senderCpu = new LongAdder();

  private ConstantRateLoad(Duration timeout, int maxInFlight) {
    this.executor = Executors.newFixedThreadPool(CLIENT_THREADS, daemons(CLIENT_THREAD_PREFIX));
    // Unbounded by itself, bounded by the slots: a new sender only when every one is busy.
    this.senders = Executors.newCachedThreadPool(daemons("forja-loadtest-send-"));
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .executor(executor)
            .build();
    this.timeout = timeout;
    this.maxInFlight = maxInFlight;
    this.slots = new Semaphore(maxInFlight);
  }

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true); // a run that forgets close() must still let the JVM exit
      return t;
    };
  }

  /**
   * A generator whose requests time out after {@code timeout}, with at most {@code maxInFlight}
   * outstanding.
   */
  public static ConstantRateLoad create(Duration timeout, int maxInFlight) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the timeout must be positive: " + timeout);
    }
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1: " + maxInFlight);
    }
    return new ConstantRateLoad(timeout, maxInFlight);
  }

  /** Requests sent so far, every phase and warm-up included. */
  public long sent() {
    return sent.sum();
  }

  /** Requests ended so far (answered, timed out or failed). */
  public long answered() {
    return answered.sum();
  }

  /** Requests outstanding now. */
  public int inFlight() {
    return maxInFlight - slots.availablePermits();
  }

  /**
   * Runs one phase on the caller's thread: {@code warmUp} at {@code perMinute}, unrecorded, then
   * {@code measured} recorded; returns once every recorded request has ended, or the client's
   * timeout plus a margin after the last was sent.
   *
   * @param calls the endpoints, sent in turn
   * @param perMinute requests per minute over all of them
   */
  public PhaseResult run(List<ApiCall> calls, double perMinute, Duration warmUp, Duration measured)
      throws InterruptedException {
    if (calls.isEmpty()) {
      throw new IllegalArgumentException("no calls to send");
    }
    if (!(perMinute > 0)) {
      throw new IllegalArgumentException("the rate must be positive: " + perMinute);
    }
    double interval = TimeUnit.MINUTES.toNanos(1) / perMinute;
    long start = System.nanoTime() + LEAD_NANOS;
    long windowFrom = start + warmUp.toNanos();
    long windowTo = windowFrom + measured.toNanos();
    int n = calls.size();
    HttpRequest[] requests = new HttpRequest[n];
    EndpointStats[] stats = new EndpointStats[n];
    for (int c = 0; c < n; c++) {
      requests[c] = calls.get(c).request(timeout);
      stats[c] = new EndpointStats(calls.get(c).name(), windowFrom, windowTo);
    }
    long cpu0 = cpuNanos();
    long scheduled = 0;
    long heldByCap = 0;
    // A phase ends on time even when the agent cannot keep up: a request that finds no free slot
    // by then is never sent, and counts as timed out, charged from its intended start.
    long giveUpAt = windowTo + timeout.toNanos();
    for (long i = 0; ; i++) {
      // From i, not by adding intervals: rounding never accumulates into drift.
      long intended = start + Math.round(i * interval);
      if (intended - windowTo >= 0) {
        break;
      }
      waitUntil(intended);
      boolean recorded = intended - windowFrom >= 0;
      if (!slots.tryAcquire()) {
        if (recorded) {
          heldByCap++;
        }
        long wait = giveUpAt - System.nanoTime();
        if (wait <= 0 || !slots.tryAcquire(wait, TimeUnit.NANOSECONDS)) {
          scheduled += abandon(i, start, interval, windowFrom, windowTo, stats);
          break;
        }
      }
      if (recorded) {
        scheduled++;
      }
      int c = (int) (i % n);
      send(requests[c], stats[c], intended, recorded);
    }
    long unfinished = drain();
    long cpu = cpuNanos() - cpu0;
    long end = System.nanoTime();
    List<EndpointResult> results = new ArrayList<>(n);
    Histogram lateness = new Histogram(EndpointStats.MAX_MICROS, EndpointStats.DIGITS);
    for (EndpointStats s : stats) {
      results.add(s.result());
      lateness.add(s.lateness());
    }
    return new PhaseResult(
        perMinute,
        warmUp,
        measured,
        results,
        scheduled,
        lateness,
        heldByCap,
        unfinished,
        start,
        windowFrom,
        windowTo,
        end,
        cpu);
  }

  /**
   * Records every request of the schedule from {@code from} on as timed out without being sent: the
   * generator's slots were all waiting on the agent until the phase's end. Returns how many of them
   * fell in the measured window.
   */
  private static long abandon(
      long from,
      long start,
      double interval,
      long windowFrom,
      long windowTo,
      EndpointStats[] stats) {
    long now = System.nanoTime();
    HttpTimeoutException never =
        new HttpTimeoutException(
            "not sent: every in-flight slot was waiting on the agent until the phase ended");
    long recordedCount = 0;
    for (long i = from; ; i++) {
      long intended = start + Math.round(i * interval);
      if (intended - windowTo >= 0) {
        return recordedCount;
      }
      boolean recorded = intended - windowFrom >= 0;
      if (recorded) {
        recordedCount++;
      }
      stats[(int) (i % stats.length)].record(intended, now, now, null, never, recorded);
    }
  }

  /**
   * The CPU time the generator has used: its schedule thread (the caller's), its senders (counted
   * per exchange, as they come and go) and the client's long-lived threads (its pool and its
   * selector). Approximate: a client thread that ended took its time with it.
   */
  private long cpuNanos() {
    long sum = senderCpu.sum() + Math.max(0, THREADS.getCurrentThreadCpuTime());
    for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (t != null && isClientThread(t.getThreadName())) {
        sum += Math.max(0, THREADS.getThreadCpuTime(t.getThreadId()));
      }
    }
    return sum;
  }

  private static boolean isClientThread(String name) {
    // The JDK names its client's selector HttpClient-<n>-SelectorManager; another idle client's
    // selector adds nothing.
    return name.startsWith(CLIENT_THREAD_PREFIX)
        || (name.startsWith("HttpClient-") && name.endsWith("-SelectorManager"));
  }

  /** Hands the request to a sender; the slot it holds is released once it has ended. */
  private void send(HttpRequest request, EndpointStats stats, long intended, boolean recorded) {
    try {
      senders.execute(() -> exchange(request, stats, intended, recorded));
    } catch (RejectedExecutionException e) {
      slots.release(); // closed under a running phase: nothing was sent
      throw e;
    }
  }

  private void exchange(HttpRequest request, EndpointStats stats, long intended, boolean recorded) {
    long cpu = THREADS.getCurrentThreadCpuTime();
    long sentAt = System.nanoTime();
    sent.increment();
    HttpResponse<Long> answer = null;
    Throwable failure = null;
    try {
      answer = client.send(request, COUNT_BYTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = e;
    } catch (IOException | RuntimeException e) {
      failure = e;
    }
    try {
      stats.record(intended, sentAt, System.nanoTime(), answer, failure, recorded);
    } finally {
      senderCpu.add(Math.max(0, THREADS.getCurrentThreadCpuTime() - cpu));
      answered.increment();
      slots.release();
    }
  }

  /** Waits for every outstanding request; returns how many were still out at the deadline. */
  private long drain() throws InterruptedException {
    long wait = timeout.plus(DRAIN_MARGIN).toNanos();
    if (slots.tryAcquire(maxInFlight, wait, TimeUnit.NANOSECONDS)) {
      slots.release(maxInFlight);
      return 0;
    }
    return inFlight();
  }

  private static void waitUntil(long target) throws InterruptedException {
    for (long left = target - System.nanoTime(); left > 0; left = target - System.nanoTime()) {
      LockSupport.parkNanos(left);
      if (Thread.interrupted()) {
        throw new InterruptedException("the load generator was interrupted");
      }
    }
  }

  /** Stops the client's threads; requests still outstanding are abandoned. */
  @Override
  public void close() {
    senders.shutdownNow();
    executor.shutdownNow();
  }

  /** Counts an answer's body bytes and keeps none of them. */
  private static final class ByteCount implements Flow.Subscriber<List<ByteBuffer>> {
    // Written by the client's delivery, read by the finisher after onComplete: one thread at a
    // time, ordered by the client's reactive-streams signals.
    private long total;

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      for (ByteBuffer b : buffers) {
        total += b.remaining();
      }
    }

    @Override
    public void onError(Throwable error) {
      // The request fails with it; nothing to keep.
    }

    @Override
    public void onComplete() {
      // total is final.
    }

    long total() {
      return total;
    }
  }
}
