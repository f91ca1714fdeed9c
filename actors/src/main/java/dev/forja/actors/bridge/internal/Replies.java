package dev.forja.actors.bridge.internal;

import dev.forja.actors.EngineContext;
import dev.forja.actors.bridge.BridgeActor;
import dev.forja.actors.command.CommandProgress;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.model.OpaqueValue;
import dev.forja.engine.store.InventoryQuery;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.slf4j.Logger;

/**
 * The bridge's answers from the stores, read on the store dispatcher (a JDBC store blocks). They
 * need no bridge state, so their callbacks reply straight to the asker, off the actor. A read that
 * fails is logged; an asker whose protocol has no error reply gets none and its own ask times out.
 */
public final class Replies {
  /** The error a status of an unknown command gets; the facade maps it to an empty result. */
  public static final String NO_COMMAND = "no command ";

  private final EngineContext context;
  private final Executor stores;
  private final Logger log;

  public Replies(EngineContext context, Executor stores, Logger log) {
    this.context = context;
    this.stores = stores;
    this.log = log;
  }

  /** Runs {@code read} on the store dispatcher. */
  public <T> CompletionStage<T> supply(Supplier<T> read) {
    return CompletableFuture.supplyAsync(read, stores);
  }

  /** Replies with the read model's command, or an error naming the unknown id. */
  public void storedCommand(String commandId, ActorRef<StatusReply<FormaCommand>> replyTo) {
    supply(() -> context.commands().find(commandId))
        .whenComplete(
            (found, failure) -> {
              if (failure != null) {
                log.warn("cannot read command {} from the read model", commandId, failure);
                replyTo.tell(
                    StatusReply.error("cannot read command " + commandId + ": " + failure));
              } else {
                replyTo.tell(
                    found
                        .map(StatusReply::success)
                        .orElseGet(() -> StatusReply.error(NO_COMMAND + commandId)));
              }
            });
  }

  /** The answer to a cancel after which the command is in {@code state}. */
  public static BridgeActor.CancelReply cancelReply(String commandId, CommandState state) {
    if (state.isFinal() && state != CommandState.CANCELED) {
      return new BridgeActor.AlreadyEnded(commandId, state);
    }
    return new BridgeActor.Canceling(commandId, state);
  }

  /** Answers a cancel of a command not running here: ended, unknown, or not resumable now. */
  public void cancelNotRunning(String commandId, ActorRef<BridgeActor.CancelReply> replyTo) {
    supply(() -> context.commands().find(commandId))
        .whenComplete((found, failure) -> replyTo.tell(notRunning(commandId, found, failure)));
  }

  /** Replies with the most recent commands. */
  public void recent(int limit, ActorRef<List<FormaCommand>> replyTo) {
    supply(() -> context.commands().recent(limit))
        .whenComplete((list, failure) -> reply(replyTo, list, failure, "list commands"));
  }

  /** Replies with the matching resources, opaque values redacted. */
  public void inventory(InventoryQuery query, ActorRef<List<InventoryResource>> replyTo) {
    supply(() -> context.inventory().query(query).stream().map(Replies::redacted).toList())
        .whenComplete((list, failure) -> reply(replyTo, list, failure, "query the inventory"));
  }

  /** Sends each of {@code subscribers} the final progress of the command, if it has ended. */
  public void sendFinal(String commandId, List<ActorRef<CommandProgress>> subscribers) {
    if (subscribers.isEmpty()) {
      return;
    }
    supply(() -> context.commands().find(commandId))
        .whenComplete(
            (found, failure) -> {
              if (failure != null) {
                log.warn("cannot read command {} for its subscribers", commandId, failure);
                return;
              }
              found
                  .filter(c -> c.state().isFinal())
                  .map(c -> Subscriptions.finalProgressOf(c, context.clock().instant()))
                  .ifPresent(p -> subscribers.forEach(s -> s.tell(p)));
            });
  }

  private BridgeActor.CancelReply notRunning(
      String commandId, Optional<FormaCommand> found, Throwable failure) {
    if (failure != null) {
      log.warn("cannot read command {} from the read model", commandId, failure);
      return new BridgeActor.CancelFailed(commandId, "cannot read the command: " + failure);
    }
    if (found.isEmpty()) {
      return new BridgeActor.NotFound(commandId);
    }
    FormaCommand c = found.get();
    if (c.state().isFinal()) {
      return new BridgeActor.AlreadyEnded(commandId, c.state());
    }
    return new BridgeActor.CancelFailed(
        commandId, "the command is " + c.state() + " but not running in this engine");
  }

  private <T> void reply(ActorRef<T> replyTo, T value, Throwable failure, String what) {
    if (failure != null) {
      log.warn("cannot {}", what, failure);
    } else {
      replyTo.tell(value);
    }
  }

  private static InventoryResource redacted(InventoryResource r) {
    return r.mapProperties(OpaqueValue::redactAll);
  }
}
