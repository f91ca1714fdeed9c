package dev.forja.actors.changeset;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.store.InventoryStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * One command's cache of resources' values (properties overlaid with read-only properties), so a
 * reference resolves without a store or plugin read when the value is known.
 *
 * <p>A miss loads the row from the inventory on the store dispatcher; lookups of the same resource
 * that arrive while it loads wait for that one load. Values are copied on the way in and out, so no
 * two actors ever share a mutable node.
 */
public final class ResolveCache extends AbstractBehavior<ResolveCache.Command> {

  /** Messages the cache takes. */
  public sealed interface Command permits Lookup, Put, Loaded {}

  /** Asks for the values of the resource {@code ksuid}. */
  public record Lookup(String ksuid, ActorRef<Values> replyTo) implements Command {
    /** Checks the request at the sender, so a null never reaches (and stops) the cache. */
    public Lookup {
      Objects.requireNonNull(ksuid, "ksuid");
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }

  /** Records the values of a resource that an update of this command just wrote. */
  public record Put(String ksuid, ObjectNode values) implements Command {
    /** Checks the values at the sender, so a null never reaches (and stops) the cache. */
    public Put {
      Objects.requireNonNull(ksuid, "ksuid");
      Objects.requireNonNull(values, "values");
    }
  }

  /**
   * The values of {@code ksuid}: {@code values} when known, else null with {@code error} saying why
   * (for example, no such resource in the inventory).
   */
  public record Values(String ksuid, ObjectNode values, String error) {}

  /** The result of loading {@code ksuid}: its values, or null when absent or on {@code failure}. */
  private record Loaded(String ksuid, ObjectNode values, Throwable failure) implements Command {}

  /** A cache that loads misses from {@code inventory}. */
  public static Behavior<Command> create(InventoryStore inventory) {
    Objects.requireNonNull(inventory, "inventory");
    return Behaviors.setup(context -> new ResolveCache(context, inventory));
  }

  /**
   * The values a reference to {@code resource} resolves against: a deep copy of its properties with
   * its read-only properties laid over them (the cloud's output wins for the same key).
   */
  static ObjectNode valuesOf(InventoryResource resource) {
    ObjectNode values = resource.properties().deepCopy();
    values.setAll(resource.readOnlyProperties().deepCopy());
    return values;
  }

  private final InventoryStore inventory;
  private final Executor storeDispatcher;
  private final Map<String, ObjectNode> values = new HashMap<>();
  private final Map<String, List<ActorRef<Values>>> loading = new HashMap<>();

  private ResolveCache(ActorContext<Command> context, InventoryStore inventory) {
    super(context);
    this.inventory = inventory;
    this.storeDispatcher =
        context
            .getSystem()
            .dispatchers()
            .lookup(DispatcherSelector.fromConfig("forja.store-dispatcher"));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Lookup.class, this::onLookup)
        .onMessage(Put.class, this::onPut)
        .onMessage(Loaded.class, this::onLoaded)
        .build();
  }

  private Behavior<Command> onLookup(Lookup lookup) {
    ObjectNode known = values.get(lookup.ksuid());
    if (known != null) {
      lookup.replyTo().tell(new Values(lookup.ksuid(), known.deepCopy(), null));
      return this;
    }
    List<ActorRef<Values>> waiting = loading.get(lookup.ksuid());
    if (waiting != null) {
      waiting.add(lookup.replyTo());
      return this;
    }
    waiting = new ArrayList<>();
    waiting.add(lookup.replyTo());
    loading.put(lookup.ksuid(), waiting);
    String ksuid = lookup.ksuid();
    getContext()
        .pipeToSelf(
            CompletableFuture.supplyAsync(
                () -> inventory.byKsuid(ksuid).map(ResolveCache::valuesOf).orElse(null),
                storeDispatcher),
            (loaded, failure) -> new Loaded(ksuid, loaded, failure));
    return this;
  }

  private Behavior<Command> onPut(Put put) {
    values.put(put.ksuid(), put.values().deepCopy());
    return this;
  }

  private Behavior<Command> onLoaded(Loaded loaded) {
    List<ActorRef<Values>> waiting = loading.remove(loaded.ksuid());
    Values reply;
    if (values.containsKey(loaded.ksuid())) {
      // A Put arrived while the row loaded: the update's own values are newer than the row read.
      reply = new Values(loaded.ksuid(), values.get(loaded.ksuid()), null);
    } else if (loaded.failure() != null) {
      Throwable cause =
          loaded.failure() instanceof CompletionException && loaded.failure().getCause() != null
              ? loaded.failure().getCause()
              : loaded.failure();
      getContext().getLog().warn("Could not load resource {}", loaded.ksuid(), cause);
      // Not cached: the next lookup tries the store again.
      reply =
          new Values(
              loaded.ksuid(), null, "could not load resource " + loaded.ksuid() + ": " + cause);
    } else if (loaded.values() == null) {
      // Not cached either: an update of this command may still create the resource.
      reply =
          new Values(loaded.ksuid(), null, "no resource " + loaded.ksuid() + " in the inventory");
    } else {
      values.put(loaded.ksuid(), loaded.values());
      reply = new Values(loaded.ksuid(), loaded.values(), null);
    }
    for (ActorRef<Values> replyTo : waiting) {
      replyTo.tell(copyFor(reply));
    }
    return this;
  }

  private static Values copyFor(Values reply) {
    return reply.values() == null
        ? reply
        : new Values(reply.ksuid(), reply.values().deepCopy(), null);
  }
}
