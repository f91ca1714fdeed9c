package dev.forja.actors.changeset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.forja.actors.changeset.RateLimiter.Acquire;
import dev.forja.actors.changeset.RateLimiter.Permit;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.apache.pekko.actor.testkit.typed.Effect;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.BehaviorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestInbox;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RateLimiterTest {
  private static final Config CONFIG =
      ManualTime.config()
          .withFallback(ConfigFactory.parseResources("forja-actors.conf"))
          .withFallback(PersistenceTestKitPlugin.config())
          .withFallback(PersistenceTestKitSnapshotPlugin.config())
          .withFallback(ConfigFactory.load());
  private static final ActorTestKit testKit = ActorTestKit.create(CONFIG);
  private static final ManualTime manualTime = ManualTime.get(testKit.system());

  /** Long enough for a wrong permit to show up; the right ones are awaited, never slept for. */
  private static final Duration QUIET = Duration.ofMillis(50);

  /** Ten permits per second: one every 100 ms, whole milliseconds for the manual scheduler. */
  private static final double RATE = 10;

  private static final Duration INTERVAL = Duration.ofMillis(100);

  private final AtomicLong nanoTime = new AtomicLong(new Random().nextLong() >>> 2);
  private ActorRef<RateLimiter.Command> limiter;

  @BeforeEach
  void spawnLimiter(TestInfo test) {
    // The simulated runs drive their own synchronous limiter.
    if (test.getTestMethod().orElseThrow().getAnnotation(ParameterizedTest.class) == null) {
      limiter = testKit.spawn(RateLimiter.create(nanoTime::get));
    }
  }

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @Test
  void grantsABurstOfCapacityAtOnceThenOnePermitPerInterval() {
    String key = freshKey();
    TestProbe<Permit> burst = testKit.createTestProbe(Permit.class);
    for (int i = 0; i < RATE; i++) {
      limiter.tell(new Acquire(key, RATE, burst.ref()));
    }
    assertEquals(10, burst.receiveSeveralMessages(10).size());

    TestProbe<Permit> next = testKit.createTestProbe(Permit.class);
    limiter.tell(new Acquire(key, RATE, next.ref()));
    awaitProcessed();
    advance(INTERVAL.minusMillis(1));
    next.expectNoMessage(QUIET);
    advance(Duration.ofMillis(1));
    next.expectMessage(Permit.INSTANCE);
    burst.expectNoMessage(QUIET);
  }

  @Test
  void grantsWaitingRequestsFirstComeFirstServed() {
    String key = freshKey();
    exhaust(key, RATE);
    List<TestProbe<Permit>> waiting = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      TestProbe<Permit> probe = testKit.createTestProbe(Permit.class);
      waiting.add(probe);
      limiter.tell(new Acquire(key, RATE, probe.ref()));
    }
    awaitProcessed();

    for (int granted = 0; granted < waiting.size(); granted++) {
      advance(INTERVAL);
      waiting.get(granted).expectMessage(Permit.INSTANCE);
      for (TestProbe<Permit> later : waiting.subList(granted + 1, waiting.size())) {
        later.expectNoMessage(QUIET);
      }
    }
  }

  @Test
  void twoKeysDoNotShareTokens() {
    String first = freshKey();
    String second = freshKey();
    exhaust(first, 2);
    TestProbe<Permit> firstWaiting = testKit.createTestProbe(Permit.class);
    limiter.tell(new Acquire(first, 2, firstWaiting.ref()));

    // The second key's whole burst comes at once although the first key's bucket is empty.
    exhaust(second, 2);
    TestProbe<Permit> secondWaiting = testKit.createTestProbe(Permit.class);
    limiter.tell(new Acquire(second, 2, secondWaiting.ref()));
    awaitProcessed();
    firstWaiting.expectNoMessage(QUIET);
    secondWaiting.expectNoMessage(QUIET);

    // Each bucket refills on its own: half a second at two per second is one token each.
    advance(Duration.ofMillis(500));
    firstWaiting.expectMessage(Permit.INSTANCE);
    secondWaiting.expectMessage(Permit.INSTANCE);
  }

  @Test
  void refillsToOneSecondsWorthAndNoMore() {
    String key = freshKey();
    exhaust(key, RATE);
    advance(Duration.ofSeconds(5));

    TestProbe<Permit> burst = testKit.createTestProbe(Permit.class);
    for (int i = 0; i <= RATE; i++) {
      limiter.tell(new Acquire(key, RATE, burst.ref()));
    }
    assertEquals(10, burst.receiveSeveralMessages(10).size());
    burst.expectNoMessage(QUIET);
    advance(INTERVAL);
    burst.expectMessage(Permit.INSTANCE);
  }

  @Test
  void followsTheLatestRateOfAKey() {
    String key = freshKey();
    exhaust(key, 1);
    // Asked at one per second, the waiting request would wait a second; the latest request's rate
    // of ten per second brings its permit forward to 100 ms.
    TestProbe<Permit> waiting = testKit.createTestProbe(Permit.class);
    limiter.tell(new Acquire(key, 1, waiting.ref()));
    limiter.tell(new Acquire(key, RATE, waiting.ref()));
    awaitProcessed();
    advance(INTERVAL);
    waiting.expectMessage(Permit.INSTANCE);
    advance(INTERVAL);
    waiting.expectMessage(Permit.INSTANCE);
  }

  @Test
  void refusesARateThatIsNotPositive() {
    ActorRef<Permit> nobody = testKit.createTestProbe(Permit.class).ref();
    assertThrows(IllegalArgumentException.class, () -> new Acquire("t", 0, nobody));
    assertThrows(IllegalArgumentException.class, () -> new Acquire("t", Double.NaN, nobody));
    assertThrows(
        IllegalArgumentException.class, () -> new Acquire("t", Double.POSITIVE_INFINITY, nobody));
  }

  /**
   * For random arrivals on a few keys, in simulated time with the limiter's own timers: no window
   * of length T holds more than {@code capacity + rate * T} permits of one key, permits go out in
   * request order, and every request is granted in the end.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void neverExceedsCapacityPlusRateTimesWindow(long seed) {
    new Simulation(new Random(seed)).run();
  }

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 40);
  }

  private static String freshKey() {
    return "target-" + UUID.randomUUID();
  }

  /** Takes the whole burst of {@code key}'s fresh bucket. */
  private void exhaust(String key, double rate) {
    TestProbe<Permit> probe = testKit.createTestProbe(Permit.class);
    int capacity = (int) Math.max(1, rate);
    for (int i = 0; i < capacity; i++) {
      limiter.tell(new Acquire(key, rate, probe.ref()));
    }
    probe.receiveSeveralMessages(capacity);
  }

  /**
   * Returns once the limiter has handled every message sent before: a fresh key's first request is
   * granted at once, and the limiter handles its mailbox in order. So a waiting request's timer is
   * armed before the test moves time.
   */
  private void awaitProcessed() {
    TestProbe<Permit> probe = testKit.createTestProbe(Permit.class);
    limiter.tell(new Acquire(freshKey(), RATE, probe.ref()));
    probe.expectMessage(Permit.INSTANCE);
  }

  /** Moves the limiter's clock, then the scheduler, so a timer that fires sees the new time. */
  private void advance(Duration duration) {
    nanoTime.addAndGet(duration.toNanos());
    manualTime.timePasses(duration);
  }

  /** One seed's run against a synchronous limiter whose timers the simulation fires. */
  private static final class Simulation {
    private final Random random;
    private final AtomicLong clock;
    private final BehaviorTestKit<RateLimiter.Command> limiter;
    private final Map<Object, Effect.TimerScheduled<?>> timers = new HashMap<>();
    private final Map<Object, Long> dueAt = new HashMap<>();
    private final List<String> keys = new ArrayList<>();
    private final Map<String, Double> rates = new HashMap<>();
    private final Map<String, Deque<TestInbox<Permit>>> waiting = new HashMap<>();
    private final Map<String, List<Long>> grantedAt = new HashMap<>();
    private int requested;

    Simulation(Random random) {
      this.random = random;
      this.clock = new AtomicLong(random.nextLong() >>> 2);
      this.limiter = BehaviorTestKit.create(RateLimiter.create(clock::get));
      int keyCount = 1 + random.nextInt(3);
      for (int i = 0; i < keyCount; i++) {
        String key = "target-" + i;
        keys.add(key);
        // Whole rates as configured, and fractional ones, above and below one per second.
        rates.put(
            key, random.nextBoolean() ? 1 + random.nextInt(20) : 0.2 + random.nextDouble() * 8);
        waiting.put(key, new ArrayDeque<>());
        grantedAt.put(key, new ArrayList<>());
      }
    }

    void run() {
      collectEffects();
      for (int step = 0; step < 300; step++) {
        advanceTo(clock.get() + pause());
        int arrivals = random.nextInt(5);
        for (int i = 0; i < arrivals; i++) {
          String key = keys.get(random.nextInt(keys.size()));
          TestInbox<Permit> inbox = TestInbox.create();
          waiting.get(key).addLast(inbox);
          requested++;
          limiter.run(new Acquire(key, rates.get(key), inbox.getRef()));
          collectEffects();
        }
      }
      while (!timers.isEmpty()) {
        advanceTo(dueAt.values().stream().min(Long::compare).orElseThrow());
      }
      int granted = grantedAt.values().stream().mapToInt(List::size).sum();
      assertEquals(requested, granted, "every request is granted in the end");
      keys.forEach(this::assertWindows);
    }

    /** Mostly short pauses, so that requests pile up, with an occasional idle stretch. */
    private long pause() {
      return switch (random.nextInt(4)) {
        case 0 -> 0;
        case 1, 2 -> (long) (random.nextDouble() * 60_000_000L);
        default -> (long) (random.nextDouble() * 1_500_000_000L);
      };
    }

    /** Fires every timer due by {@code target} in due order, each at its own due time. */
    private void advanceTo(long target) {
      while (true) {
        Object next = null;
        for (Map.Entry<Object, Long> e : dueAt.entrySet()) {
          if (e.getValue() <= target && (next == null || e.getValue() < dueAt.get(next))) {
            next = e.getKey();
          }
        }
        if (next == null) {
          break;
        }
        clock.set(Math.max(clock.get(), dueAt.remove(next)));
        timers.remove(next).send().apply();
        limiter.runOne();
        collectEffects();
      }
      clock.set(Math.max(clock.get(), target));
    }

    /** Tracks armed timers and records permits sent since the last call, at the current time. */
    private void collectEffects() {
      for (Effect effect : limiter.getAllEffects()) {
        if (effect instanceof Effect.TimerScheduled<?> scheduled) {
          timers.put(scheduled.key(), scheduled);
          dueAt.put(scheduled.key(), clock.get() + scheduled.duration().toNanos());
        } else if (effect instanceof Effect.TimerCancelled cancelled) {
          timers.remove(cancelled.key());
          dueAt.remove(cancelled.key());
        }
      }
      for (String key : keys) {
        Deque<TestInbox<Permit>> queue = waiting.get(key);
        while (!queue.isEmpty() && queue.peekFirst().hasMessages()) {
          assertEquals(Permit.INSTANCE, queue.pollFirst().receiveMessage());
          grantedAt.get(key).add(clock.get());
        }
        for (TestInbox<Permit> later : queue) {
          assertFalse(later.hasMessages(), "a later request of " + key + " went first");
        }
      }
    }

    private void assertWindows(String key) {
      double rate = rates.get(key);
      double capacity = Math.max(1, rate);
      List<Long> times = grantedAt.get(key);
      for (int i = 0; i < times.size(); i++) {
        for (int j = i; j < times.size(); j++) {
          double window = (times.get(j) - times.get(i)) / 1e9;
          int permits = j - i + 1;
          if (permits > capacity + rate * window + 1e-6) {
            fail(permits + " permits of " + key + " in " + window + " s at " + rate + "/s");
          }
        }
      }
    }
  }
}
