package dev.forja.actors.resource.internal;

import dev.forja.engine.command.Operation;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.metrics.EngineMetrics;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Signal;
import org.apache.pekko.actor.typed.TypedActorContext;

/**
 * Counts one resource updater as in flight from its start to its stop, however it stops: its normal
 * end (with the final state it recorded), its parent stopping it, or a failure. Wraps the updater's
 * whole behavior, so the stop is seen whatever state the updater is in; messages pass through
 * untouched. Used on the updater's own thread only.
 *
 * @param <T> the updater's message type
 */
public final class InFlightUpdate<T> extends BehaviorInterceptor<T, T> {
  private final EngineMetrics metrics;
  private final Operation operation;
  private UpdateState ended;

  private InFlightUpdate(Class<T> messages, EngineMetrics metrics, Operation operation) {
    super(messages);
    this.metrics = metrics;
    this.operation = operation;
  }

  /** Reports the start of a node with {@code operation}; the stop is reported on PostStop. */
  public static <T> InFlightUpdate<T> start(
      Class<T> messages, EngineMetrics metrics, Operation operation) {
    metrics.updateStarted(operation);
    return new InFlightUpdate<>(messages, metrics, operation);
  }

  /** The node's final state, reported when the updater stops. */
  public void ended(UpdateState state) {
    this.ended = state;
  }

  @Override
  public Behavior<T> aroundReceive(TypedActorContext<T> ctx, T msg, ReceiveTarget<T> target) {
    return target.apply(ctx, msg);
  }

  @Override
  public Behavior<T> aroundSignal(TypedActorContext<T> ctx, Signal signal, SignalTarget<T> target) {
    if (signal instanceof PostStop) {
      metrics.updateEnded(operation, ended);
    }
    return target.apply(ctx, signal);
  }
}
