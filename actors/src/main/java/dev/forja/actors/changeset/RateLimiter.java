package dev.forja.actors.changeset;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Token buckets, one per key (a target label), that hand out one permit per plugin request.
 *
 * <p>A bucket holds at most one second's worth of tokens ({@code max(1, permitsPerSecond)}) and
 * refills continuously, measured on the monotonic {@code nanoTime} clock. Requests a bucket cannot
 * serve at once wait in a per-key FIFO queue; one timer per key wakes the limiter when the bucket's
 * next event is due (the next token while requests wait, else the moment it is full again, when the
 * idle bucket is dropped: a full bucket and a missing one behave the same).
 */
public final class RateLimiter extends AbstractBehavior<RateLimiter.Command> {

  /** Messages the limiter takes. */
  public sealed interface Command permits Acquire, Wake {}

  /**
   * Asks for one permit on {@code key}'s bucket, which refills at {@code permitsPerSecond} and
   * holds at most one second's worth. The permit is sent when available, first come first served.
   */
  public record Acquire(String key, double permitsPerSecond, ActorRef<Permit> replyTo)
      implements Command {
    /** Checks the request at the sender, so a bad rate never reaches (and stops) the limiter. */
    public Acquire {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(replyTo, "replyTo");
      if (!(permitsPerSecond > 0) || Double.isInfinite(permitsPerSecond)) {
        throw new IllegalArgumentException(
            "permitsPerSecond must be positive and finite, not " + permitsPerSecond);
      }
    }
  }

  /** Permission to make one plugin request. */
  public enum Permit {
    INSTANCE
  }

  /** The timer of {@code key}'s bucket: its next token is due, or it is full again. */
  private record Wake(String key) implements Command {}

  /** A limiter reading monotonic time from {@code nanoTime}. */
  public static Behavior<Command> create(LongSupplier nanoTime) {
    Objects.requireNonNull(nanoTime, "nanoTime");
    return Behaviors.setup(
        context -> Behaviors.withTimers(timers -> new RateLimiter(context, timers, nanoTime)));
  }

  private final TimerScheduler<Command> timers;
  private final LongSupplier nanoTime;
  private final Map<String, Bucket> buckets = new HashMap<>();

  private RateLimiter(
      ActorContext<Command> context, TimerScheduler<Command> timers, LongSupplier nanoTime) {
    super(context);
    this.timers = timers;
    this.nanoTime = nanoTime;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Acquire.class, this::onAcquire)
        .onMessage(Wake.class, this::onWake)
        .build();
  }

  private Behavior<Command> onAcquire(Acquire acquire) {
    long now = nanoTime.getAsLong();
    Bucket bucket =
        buckets.computeIfAbsent(acquire.key(), k -> new Bucket(acquire.permitsPerSecond(), now));
    bucket.refill(now);
    bucket.setRate(acquire.permitsPerSecond());
    bucket.waiting.addLast(acquire.replyTo());
    serve(acquire.key(), bucket, now);
    return this;
  }

  private Behavior<Command> onWake(Wake wake) {
    Bucket bucket = buckets.get(wake.key());
    if (bucket == null) {
      // A timer of a bucket dropped since it was armed: nothing waits on it.
      return this;
    }
    long now = nanoTime.getAsLong();
    bucket.armedUntil = Bucket.UNARMED;
    bucket.refill(now);
    serve(wake.key(), bucket, now);
    return this;
  }

  /**
   * Grants what the refilled bucket allows, first come first served, then arms its timer. The timer
   * is armed before the permits go out, so whoever sees a permit may rely on the next wake-up being
   * scheduled already (the manual-time tests do).
   */
  private void serve(String key, Bucket bucket, long now) {
    List<ActorRef<Permit>> granted = new ArrayList<>();
    while (!bucket.waiting.isEmpty() && bucket.take()) {
      granted.add(bucket.waiting.pollFirst());
    }
    if (bucket.waiting.isEmpty() && bucket.isFull()) {
      buckets.remove(key);
      timers.cancel(key);
    } else {
      long delay = bucket.waiting.isEmpty() ? bucket.nanosUntilFull() : bucket.nanosUntilToken();
      // An armed timer that fires early only re-arms; one that would fire late is replaced.
      if (bucket.armedUntil == Bucket.UNARMED || now + delay < bucket.armedUntil) {
        timers.startSingleTimer(key, new Wake(key), Duration.ofNanos(delay));
        bucket.armedUntil = now + delay;
      }
    }
    granted.forEach(replyTo -> replyTo.tell(Permit.INSTANCE));
  }

  /**
   * One key's bucket. Tokens are counted in nano-tokens (a token is {@link #TOKEN}) so that whole
   * rates refill exactly: a delay of {@code ceil(missing / rate)} nanoseconds always yields the
   * missing nano-tokens, and a timer never wakes a fraction of a nano-token short.
   */
  private static final class Bucket {
    static final long TOKEN = 1_000_000_000L;
    static final long UNARMED = Long.MIN_VALUE;

    final ArrayDeque<ActorRef<Permit>> waiting = new ArrayDeque<>();
    double rate; // tokens per second = nano-tokens per nanosecond
    long capacity; // nano-tokens
    long credit; // nano-tokens
    long refilledAt; // nanoTime
    long armedUntil = UNARMED; // nanoTime the armed timer is due at

    Bucket(double rate, long now) {
      setRate(rate);
      this.credit = capacity;
      this.refilledAt = now;
    }

    void setRate(double newRate) {
      rate = newRate;
      capacity = (long) Math.ceil(Math.max(1.0, newRate) * TOKEN);
      credit = Math.min(credit, capacity);
    }

    void refill(long now) {
      long elapsed = Math.max(0, now - refilledAt);
      double added = elapsed * rate; // may exceed a long after a long idle time; capped below
      credit = added >= capacity - credit ? capacity : credit + (long) added;
      refilledAt = now;
    }

    boolean take() {
      if (credit < TOKEN) {
        return false;
      }
      credit -= TOKEN;
      return true;
    }

    boolean isFull() {
      return credit >= capacity;
    }

    long nanosUntilToken() {
      return nanosUntil(TOKEN);
    }

    long nanosUntilFull() {
      return nanosUntil(capacity);
    }

    private long nanosUntil(long level) {
      long missing = level - credit;
      long delay = Math.max(1, (long) Math.ceil(missing / rate));
      // Guard the division's rounding: the delay must refill at least what is missing.
      while ((long) (delay * rate) < missing) {
        delay++;
      }
      return delay;
    }
  }
}
