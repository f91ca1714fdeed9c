package dev.forja.actors.resource;

import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.model.OpaqueValue;
import dev.forja.engine.model.Target;
import dev.forja.engine.store.InventoryStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.pattern.StatusReply;

/**
 * The inventory's only writer. Writes run on the store dispatcher one at a time, in arrival order,
 * so two writes to one KSUID can never reorder; writes that arrive meanwhile wait in a stash.
 *
 * <pre>
 *  idle ──write──► writing ──Written──► idle (next stashed write, if any)
 * </pre>
 */
public final class ResourcePersister {
  /** The store dispatcher's config path: JDBC stores block. */
  static final String STORE_DISPATCHER = "forja.store-dispatcher";

  /**
   * Senders bound what waits here (each updater asks once and waits for the reply, and the
   * executors cap updaters in flight), so the stash never needs to refuse a write.
   */
  private static final int STASH_CAPACITY = Integer.MAX_VALUE;

  private final ActorContext<Command> context;
  private final StashBuffer<Command> stash;
  private final InventoryStore store;
  private final Executor executor;

  private ResourcePersister(
      ActorContext<Command> context, StashBuffer<Command> stash, InventoryStore store) {
    this.context = context;
    this.stash = stash;
    this.store = store;
    this.executor =
        context.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig(STORE_DISPATCHER));
  }

  /** Messages the persister takes. */
  public sealed interface Command permits Upsert, Remove, PutTargets, Written {}

  /** Stores {@code resource}, replacing the row with its KSUID. */
  public record Upsert(InventoryResource resource, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  /** Removes the row with {@code ksuid}. */
  public record Remove(String ksuid, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /** Stores targets. */
  public record PutTargets(List<Target> targets, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  /** The write in progress ended, with {@code failure} null on success. */
  private record Written(ActorRef<StatusReply<Done>> replyTo, Throwable failure)
      implements Command {}

  /** A persister writing to {@code store}, on the blocking dispatcher. */
  public static Behavior<Command> create(InventoryStore store) {
    return Behaviors.setup(
        context ->
            Behaviors.withStash(
                STASH_CAPACITY, stash -> new ResourcePersister(context, stash, store).idle()));
  }

  private Behavior<Command> idle() {
    return Behaviors.receive(Command.class)
        .onMessage(Upsert.class, m -> write(() -> store.put(digested(m.resource())), m.replyTo()))
        .onMessage(Remove.class, m -> write(() -> store.remove(m.ksuid()), m.replyTo()))
        .onMessage(PutTargets.class, m -> write(() -> store.putTargets(m.targets()), m.replyTo()))
        .build();
  }

  /**
   * The inventory keeps secrets only as salted digests: the command that carries a secret holds it
   * in clear (its plugin calls need it), the inventory never does, and a later forma's clear value
   * still compares equal to the digest.
   */
  static InventoryResource digested(InventoryResource r) {
    return r.mapProperties(OpaqueValue::digestAll);
  }

  private Behavior<Command> writing() {
    return Behaviors.receive(Command.class)
        .onMessage(Written.class, this::onWritten)
        // Any other write waits for this one: arrival order is the order of the store.
        .onAnyMessage(this::hold)
        .build();
  }

  private Behavior<Command> write(Runnable body, ActorRef<StatusReply<Done>> replyTo) {
    context.pipeToSelf(
        CompletableFuture.runAsync(body, executor), (ok, failure) -> new Written(replyTo, failure));
    return writing();
  }

  private Behavior<Command> hold(Command write) {
    stash.stash(write);
    return Behaviors.same();
  }

  private Behavior<Command> onWritten(Written written) {
    if (written.failure() == null) {
      written.replyTo().tell(StatusReply.ack());
    } else {
      Throwable cause =
          written.failure() instanceof CompletionException && written.failure().getCause() != null
              ? written.failure().getCause()
              : written.failure();
      context.getLog().warn("inventory write failed", cause);
      written.replyTo().tell(StatusReply.error(cause));
    }
    // One write at a time: the next stashed one starts now and the rest stay stashed.
    return stash.isEmpty() ? idle() : stash.unstash(idle(), 1, Function.identity());
  }
}
