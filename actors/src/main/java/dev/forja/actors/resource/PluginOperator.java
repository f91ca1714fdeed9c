package dev.forja.actors.resource;

import dev.forja.actors.changeset.RateLimiter;
import dev.forja.actors.resource.internal.PluginCalls;
import dev.forja.engine.metrics.EngineMetrics;
import dev.forja.engine.model.Target;
import dev.forja.engine.plugin.PluginOperation;
import dev.forja.engine.plugin.PluginRequests;
import dev.forja.engine.plugin.ProgressResult;
import dev.forja.engine.plugin.ResourcePlugin;
import dev.forja.engine.settings.EngineSettings;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One plugin operation: the call, then status polls while it runs. Owns the plugin-call timeout.
 *
 * <pre>
 *  awaitingPermit ──Permit──► calling ──done──► (final Report) stopped
 *        ▲                     │  └──timeout──► (final Report, timedOut) stopped
 *        └──PollTick── polling ◄──in progress (Report if its token is new)
 * </pre>
 *
 * Every plugin request, status polls included, takes one rate-limiter permit first. Polling gives
 * up {@code maxStatusWait} after the first in-progress answer; a status call already running then
 * may still finish the operation. Each request's latency and outcome go to {@link EngineMetrics}.
 */
public final class PluginOperator {
  /** The plugin dispatcher's config path, for plugins whose calls block. */
  static final String PLUGIN_DISPATCHER = "forja.plugin-dispatcher";

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final ResourcePlugin plugin;
  private final EngineSettings settings;
  private final EngineMetrics metrics;
  private final ActorRef<RateLimiter.Command> limiter;
  private final String rateKey;
  private final double permitsPerSecond;
  private final ActorRef<Report> replyTo;
  private final ActorRef<RateLimiter.Permit> permits;
  private final Executor blockingExecutor;
  private final Operation what;

  private PluginOperator(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      ResourcePlugin plugin,
      Call call,
      EngineSettings settings,
      EngineMetrics metrics,
      ActorRef<RateLimiter.Command> limiter,
      String rateKey,
      double permitsPerSecond,
      ActorRef<Report> replyTo) {
    this.context = context;
    this.timers = timers;
    this.plugin = plugin;
    this.settings = settings;
    this.metrics = metrics;
    this.limiter = limiter;
    this.rateKey = rateKey;
    this.permitsPerSecond = permitsPerSecond;
    this.replyTo = replyTo;
    this.permits = context.messageAdapter(RateLimiter.Permit.class, Permitted::new);
    this.blockingExecutor =
        plugin.blocking()
            ? context
                .getSystem()
                .dispatchers()
                .lookup(DispatcherSelector.fromConfig(PLUGIN_DISPATCHER))
            : null;
    this.what = Operation.of(call);
  }

  /** Messages the operator takes (all internal). */
  public interface Command {}

  /** What to do. */
  public sealed interface Call permits Create, Read, Update, Delete, Poll {}

  /** Create a resource. */
  public record Create(PluginRequests.Create request) implements Call {}

  /** Read a resource. */
  public record Read(PluginRequests.Read request) implements Call {}

  /** Update a resource. */
  public record Update(PluginRequests.Update request) implements Call {}

  /** Delete a resource. */
  public record Delete(PluginRequests.Delete request) implements Call {}

  /** Resume polling an operation started earlier (after a restart). */
  public record Poll(PluginOperation operation, String type, String requestToken, Target target)
      implements Call {}

  /**
   * Progress sent to the requester: first any in-progress result that carries a new request token,
   * then exactly one final result ({@code result.isDone()}), after which the operator stops.
   *
   * @param result the plugin's answer
   * @param timedOut true when the final failure is the plugin-call timeout: the request may have
   *     reached the cloud, so a retry must reuse the same client token
   */
  public record Report(ProgressResult result, boolean timedOut) {}

  private record Permitted(RateLimiter.Permit permit) implements Command {}

  /** The plugin's answer, and when it came ({@link System#nanoTime()}). */
  private record Answered(ProgressResult result, Throwable failure, long at) implements Command {}

  private enum CallTimedOut implements Command {
    INSTANCE
  }

  private enum PollTick implements Command {
    INSTANCE
  }

  private enum WaitExpired implements Command {
    INSTANCE
  }

  /** The operation's identity, for requests built later and for messages. */
  private record Operation(PluginOperation op, String type, Target target) {
    static Operation of(Call call) {
      if (call instanceof Create c) {
        return new Operation(PluginOperation.CREATE, c.request().type(), c.request().target());
      } else if (call instanceof Read r) {
        return new Operation(PluginOperation.READ, r.request().type(), r.request().target());
      } else if (call instanceof Update u) {
        return new Operation(PluginOperation.UPDATE, u.request().type(), u.request().target());
      } else if (call instanceof Delete d) {
        return new Operation(PluginOperation.DELETE, d.request().type(), d.request().target());
      }
      Poll p = (Poll) call;
      return new Operation(p.operation(), p.type(), p.target());
    }
  }

  /**
   * Where polling stands.
   *
   * @param token the request token being polled (already reported), or null before any
   * @param expired whether maxStatusWait has run out: poll no more
   */
  private record Polls(String token, boolean expired) {
    static final Polls NONE = new Polls(null, false);

    Polls expire() {
      return new Polls(token, true);
    }
  }

  /** One plugin request to make: {@code op} is STATUS for a poll. */
  private record Request(PluginOperation op, Supplier<CompletionStage<ProgressResult>> send) {}

  /** A request on its way, and when it left ({@link System#nanoTime()}), for its latency. */
  private record Sent(PluginOperation op, long at) {}

  /**
   * An operator that runs {@code call} on {@code plugin}, taking one permit from {@code limiter}
   * (bucket {@code rateKey} at {@code permitsPerSecond}) before every plugin request, and reporting
   * each request to {@code metrics}.
   */
  public static Behavior<Command> create(
      ResourcePlugin plugin,
      Call call,
      EngineSettings settings,
      EngineMetrics metrics,
      ActorRef<RateLimiter.Command> limiter,
      String rateKey,
      double permitsPerSecond,
      ActorRef<Report> replyTo) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers ->
                    new PluginOperator(
                            context,
                            timers,
                            plugin,
                            call,
                            settings,
                            metrics,
                            limiter,
                            rateKey,
                            permitsPerSecond,
                            replyTo)
                        .start(call)));
  }

  private Behavior<Command> start(Call call) {
    if (call instanceof Poll p) {
      // The requester already holds this token, so it is not reported again.
      startStatusWait();
      return awaitingPermit(status(p.requestToken()), new Polls(p.requestToken(), false));
    }
    Supplier<CompletionStage<ProgressResult>> send;
    if (call instanceof Create c) {
      send = () -> plugin.create(c.request());
    } else if (call instanceof Read r) {
      send = () -> plugin.read(r.request());
    } else if (call instanceof Update u) {
      send = () -> plugin.update(u.request());
    } else {
      Delete d = (Delete) call;
      send = () -> plugin.delete(d.request());
    }
    return awaitingPermit(new Request(what.op(), send), Polls.NONE);
  }

  private Behavior<Command> awaitingPermit(Request request, Polls polls) {
    limiter.tell(new RateLimiter.Acquire(rateKey, permitsPerSecond, permits));
    return Behaviors.receive(Command.class)
        .onMessage(Permitted.class, m -> send(request, polls))
        .onMessage(WaitExpired.class, m -> giveUp(polls))
        .build();
  }

  private Behavior<Command> send(Request request, Polls polls) {
    timers.startSingleTimer(
        CallTimedOut.INSTANCE, CallTimedOut.INSTANCE, settings.pluginCallTimeout());
    Sent sent = new Sent(request.op(), System.nanoTime());
    context.pipeToSelf(
        invoke(request.send()),
        (result, failure) -> new Answered(result, failure, System.nanoTime()));
    return calling(polls, sent);
  }

  private Behavior<Command> calling(Polls polls, Sent sent) {
    return Behaviors.receive(Command.class)
        .onMessage(Answered.class, m -> onAnswered(m, polls, sent))
        .onMessage(CallTimedOut.class, m -> onCallTimedOut(sent))
        // The status call running now may still end the operation; only later polls are dropped.
        .onMessage(WaitExpired.class, m -> calling(polls.expire(), sent))
        .build();
  }

  private Behavior<Command> polling(Polls polls) {
    return Behaviors.receive(Command.class)
        .onMessage(PollTick.class, m -> awaitingPermit(status(polls.token()), polls))
        .onMessage(WaitExpired.class, m -> giveUp(polls))
        .build();
  }

  private Behavior<Command> onAnswered(Answered answer, Polls polls, Sent sent) {
    timers.cancel(CallTimedOut.INSTANCE);
    measure(sent, answer.at(), outcomeOf(answer));
    if (answer.failure() != null || answer.result() == null) {
      return finish(
          PluginCalls.pluginError(plugin.namespace(), what.op(), what.type(), answer.failure()),
          false);
    }
    ProgressResult result = answer.result();
    if (result.isDone()) {
      return finish(result, false);
    }
    if (polls.token() == null) {
      startStatusWait();
    }
    if (!result.requestToken().equals(polls.token())) {
      replyTo.tell(new Report(result, false));
    }
    Polls next = new Polls(result.requestToken(), polls.expired());
    if (next.expired()) {
      return giveUp(next);
    }
    timers.startSingleTimer(PollTick.INSTANCE, PollTick.INSTANCE, settings.statusCheckInterval());
    return polling(next);
  }

  private Behavior<Command> onCallTimedOut(Sent sent) {
    measure(sent, System.nanoTime(), EngineMetrics.Outcome.TIMEOUT);
    // A late answer reaches a stopped actor and is dropped: this report is final.
    return finish(
        PluginCalls.callTimedOut(what.op(), what.type(), settings.pluginCallTimeout()), true);
  }

  private Behavior<Command> giveUp(Polls polls) {
    return finish(
        PluginCalls.waitedTooLong(what.op(), what.type(), settings.maxStatusWait(), polls.token()),
        false);
  }

  private Behavior<Command> finish(ProgressResult result, boolean timedOut) {
    replyTo.tell(new Report(result, timedOut));
    return Behaviors.stopped();
  }

  private void startStatusWait() {
    timers.startSingleTimer(WaitExpired.INSTANCE, WaitExpired.INSTANCE, settings.maxStatusWait());
  }

  private Request status(String token) {
    return new Request(
        PluginOperation.STATUS,
        () -> plugin.status(new PluginRequests.Status(what.type(), token, what.target())));
  }

  private void measure(Sent sent, long answeredAt, EngineMetrics.Outcome outcome) {
    metrics.pluginCall(
        plugin.namespace(),
        what.type(),
        sent.op(),
        Duration.ofNanos(answeredAt - sent.at()),
        outcome);
  }

  private static EngineMetrics.Outcome outcomeOf(Answered answer) {
    if (answer.failure() != null || answer.result() == null) {
      return EngineMetrics.Outcome.ERROR;
    }
    return switch (answer.result().status()) {
      case SUCCESS -> EngineMetrics.Outcome.SUCCESS;
      case FAILED -> EngineMetrics.Outcome.FAILED;
      case IN_PROGRESS -> EngineMetrics.Outcome.IN_PROGRESS;
    };
  }

  /** The plugin's stage; on the plugin dispatcher when its calls block. Never throws. */
  private CompletionStage<ProgressResult> invoke(Supplier<CompletionStage<ProgressResult>> send) {
    if (blockingExecutor == null) {
      return PluginCalls.guarded(send);
    }
    return CompletableFuture.supplyAsync(() -> PluginCalls.guarded(send), blockingExecutor)
        .thenCompose(stage -> stage);
  }
}
