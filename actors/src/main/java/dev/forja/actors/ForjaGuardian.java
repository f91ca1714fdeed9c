package dev.forja.actors;

import dev.forja.actors.bridge.BridgeActor;
import dev.forja.actors.changeset.RateLimiter;
import dev.forja.actors.command.CommandRegistry;
import dev.forja.actors.resource.ResourcePersister;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The root of one engine: starts the command registry, the rate limiter, the inventory's writer and
 * the bridge, and passes every message it gets to the bridge. Stopping it stops the whole engine; a
 * new guardian on the same journal resumes every unfinished command.
 *
 * <p>If any of its actors stops, the engine stops with it rather than run half-wired: an embedding
 * service sees its asks fail and can restart the engine, which resumes from the journal.
 */
public final class ForjaGuardian {
  private ForjaGuardian() {}

  /** The engine's root behaviour, whose messages are the bridge's. */
  public static Behavior<BridgeActor.Command> create(EngineContext context) {
    return Behaviors.setup(
        ctx -> {
          ActorRef<CommandRegistry.Command> registry =
              ctx.spawn(
                  CommandRegistry.create(context.settings().persisterSnapshotEvery()), "registry");
          ActorRef<RateLimiter.Command> limiter =
              ctx.spawn(RateLimiter.create(System::nanoTime), "rate-limiter");
          ActorRef<ResourcePersister.Command> resources =
              ctx.spawn(ResourcePersister.create(context.inventory()), "resources");
          ActorRef<BridgeActor.Command> bridge =
              ctx.spawn(
                  BridgeActor.create(context, new BridgeActor.Peers(registry, resources, limiter)),
                  "bridge");
          ctx.watch(registry);
          ctx.watch(limiter);
          ctx.watch(resources);
          ctx.watch(bridge);
          return Behaviors.receive(BridgeActor.Command.class)
              .onAnyMessage(m -> forward(bridge, m))
              .onSignal(Terminated.class, t -> stopEngine(ctx.getLog(), t))
              .build();
        });
  }

  private static Behavior<BridgeActor.Command> forward(
      ActorRef<BridgeActor.Command> bridge, BridgeActor.Command m) {
    bridge.tell(m);
    return Behaviors.same();
  }

  private static Behavior<BridgeActor.Command> stopEngine(
      org.slf4j.Logger log, Terminated stopped) {
    log.error("engine actor {} stopped: stopping the engine", stopped.getRef().path().name());
    return Behaviors.stopped();
  }
}
