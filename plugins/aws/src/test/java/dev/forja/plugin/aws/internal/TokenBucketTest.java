package dev.forja.plugin.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  /** A clock and scheduler that move only when told: every assertion is about exact instants. */
  static final class ManualTime implements TokenBucket.Scheduler {
    private record Task(long due, long seq, Runnable run) {}

    private final PriorityQueue<Task> tasks =
        new PriorityQueue<>(
            (a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
    private long now = 1_000_000_000L; // an arbitrary origin, as System.nanoTime has
    private long seq;

    long now() {
      return now;
    }

    @Override
    public void schedule(Runnable task, long delayNanos) {
      assertThat(delayNanos).isPositive();
      tasks.add(new Task(now + delayNanos, seq++, task));
    }

    /** Moves time forward, running each task at its due instant, in order. */
    void advance(Duration d) {
      long until = now + d.toNanos();
      while (!tasks.isEmpty() && tasks.peek().due <= until) {
        Task t = tasks.poll();
        now = t.due;
        t.run.run();
      }
      now = until;
    }

    int pending() {
      return tasks.size();
    }
  }

  private final ManualTime time = new ManualTime();

  private TokenBucket bucket(double rate) {
    return new TokenBucket(rate, time::now, time);
  }

  @Test
  void spendsTheBurstAtOnceThenSpacesCallersByTheRate() {
    TokenBucket b = bucket(2);
    List<CompletableFuture<Void>> calls = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      calls.add(b.acquire());
    }
    assertThat(calls.get(0)).isDone();
    assertThat(calls.get(1)).isDone();
    assertThat(calls.get(2)).isNotDone();

    time.advance(Duration.ofMillis(499));
    assertThat(calls.get(2)).isNotDone();
    time.advance(Duration.ofMillis(1));
    assertThat(calls.get(2)).isDone();
    assertThat(calls.get(3)).isNotDone();
    time.advance(Duration.ofMillis(500));
    assertThat(calls.get(3)).isDone();
    assertThat(time.pending()).isZero();
  }

  @Test
  void releasesWaitingCallersInCallOrderOneIntervalApart() {
    TokenBucket b = bucket(10);
    long start = time.now();
    List<Integer> order = new ArrayList<>();
    List<Long> releasedAt = new ArrayList<>();
    List<CompletableFuture<Void>> released = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      int n = i;
      released.add(
          b.acquire()
              .thenRun(
                  () -> {
                    order.add(n);
                    releasedAt.add(time.now() - start);
                  }));
    }
    time.advance(Duration.ofSeconds(5));
    assertThat(released).allSatisfy(f -> assertThat(f).isDone());

    assertThat(order).hasSize(30).isSorted();
    // The first 10 are the burst; caller 10 + k waits (k + 1) intervals of 100 ms.
    for (int i = 0; i < 10; i++) {
      assertThat(releasedAt.get(i)).isZero();
    }
    for (int k = 0; k < 20; k++) {
      assertThat(releasedAt.get(10 + k)).isEqualTo(Duration.ofMillis(100L * (k + 1)).toNanos());
    }
  }

  @Test
  void refillsWhileIdleButNeverBeyondTheBurst() {
    TokenBucket b = bucket(2);
    assertThat(b.acquire()).isDone();
    assertThat(b.acquire()).isDone();
    time.advance(Duration.ofMinutes(10));

    assertThat(b.acquire()).isDone();
    assertThat(b.acquire()).isDone();
    CompletableFuture<Void> third = b.acquire();
    assertThat(third).isNotDone();
    time.advance(Duration.ofMillis(500));
    assertThat(third).isDone();
  }

  @Test
  void partialRefillShortensTheWait() {
    TokenBucket b = bucket(2);
    assertThat(b.acquire()).isDone();
    assertThat(b.acquire()).isDone();
    time.advance(Duration.ofMillis(300)); // 0.6 of a token back
    CompletableFuture<Void> next = b.acquire();
    time.advance(Duration.ofMillis(199));
    assertThat(next).isNotDone();
    time.advance(Duration.ofMillis(1));
    assertThat(next).isDone();
  }

  @Test
  void aRateBelowOneStillAllowsOneCallAtOnce() {
    TokenBucket b = bucket(0.5);
    assertThat(b.acquire()).isDone();
    CompletableFuture<Void> second = b.acquire();
    time.advance(Duration.ofMillis(1999));
    assertThat(second).isNotDone();
    time.advance(Duration.ofMillis(1));
    assertThat(second).isDone();
  }

  @Test
  void sustainsExactlyTheRateOverALongRun() {
    TokenBucket b = bucket(100);
    long start = time.now();
    List<Long> releasedAt = new ArrayList<>();
    List<CompletableFuture<Void>> released = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      released.add(b.acquire().thenRun(() -> releasedAt.add(time.now() - start)));
    }
    time.advance(Duration.ofSeconds(20));
    // 100 of burst, then 900 more at 100/s: the last one 9 s in.
    assertThat(released).allSatisfy(f -> assertThat(f).isDone());
    assertThat(releasedAt).hasSize(1000);
    assertThat(releasedAt.get(999)).isEqualTo(Duration.ofSeconds(9).toNanos());
  }

  @Test
  void failWaitingFailsOnlyTheCallersStillWaiting() {
    TokenBucket b = bucket(1);
    CompletableFuture<Void> first = b.acquire();
    CompletableFuture<Void> second = b.acquire();
    b.failWaiting(new IllegalStateException("closed"));

    assertThat(first).isCompleted();
    assertThat(second).isCompletedExceptionally();
    assertThatThrownBy(second::join)
        .isInstanceOf(CompletionException.class)
        .hasRootCauseMessage("closed");
    time.advance(Duration.ofSeconds(5)); // the timer firing later changes nothing
    assertThat(second).isCompletedExceptionally();
  }

  @Test
  void aSchedulerThatRefusesFailsTheCallerInsteadOfLosingIt() {
    TokenBucket b =
        new TokenBucket(
            1,
            time::now,
            (task, delay) -> {
              throw new RejectedExecutionException("shut down");
            });
    assertThat(b.acquire()).isDone();
    assertThat(b.acquire()).isCompletedExceptionally();
  }

  @Test
  void refusesARateThatIsNotAPositiveNumber() {
    for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> bucket(bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
