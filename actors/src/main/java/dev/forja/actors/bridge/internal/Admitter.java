package dev.forja.actors.bridge.internal;

import dev.forja.actors.bridge.BridgeActor;
import dev.forja.actors.command.CommandRegistry;
import dev.forja.actors.command.FormaCommandPersister;
import dev.forja.actors.resource.ResourcePersister;
import java.time.Duration;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Stores one admitted command, step by step, then reports and stops: registers it (so that a crash
 * from here on resumes it), has its persister accept it, stores its targets. A child of the bridge
 * per submit, so the bridge never waits.
 *
 * <pre>
 *  registering ──► accepting ──► storing targets ──► Admitted
 *       │               │
 *       └───────────────┴──────► NotAdmitted
 * </pre>
 */
public final class Admitter {
  private Admitter() {}

  /** Messages the admitter takes: its asks' answers. */
  public sealed interface Command permits Registered, Accepted, TargetsStored {}

  private record Registered(Throwable failure) implements Command {}

  private record Accepted(Throwable failure) implements Command {}

  private record TargetsStored(Throwable failure) implements Command {}

  /** What the admission came to. */
  public sealed interface Outcome permits Admitted, NotAdmitted {
    /** The command admitted or not. */
    Admission.Draft draft();

    /** The submitter, who waits for the answer. */
    ActorRef<BridgeActor.SubmitReply> replyTo();
  }

  /** The command is durable and ready to start; {@code replyTo} waits for the answer. */
  public record Admitted(Admission.Draft draft, ActorRef<BridgeActor.SubmitReply> replyTo)
      implements Outcome {}

  /**
   * The command could not be stored, and nothing runs; if it was registered, it was ended there.
   */
  public record NotAdmitted(
      Admission.Draft draft, ActorRef<BridgeActor.SubmitReply> replyTo, String reason)
      implements Outcome {}

  /** Whom it talks to. */
  public record Peers(
      ActorRef<CommandRegistry.Command> registry,
      ActorRef<FormaCommandPersister.Command> persister,
      ActorRef<ResourcePersister.Command> resources,
      ActorRef<Outcome> onDone) {}

  /** An admitter of {@code draft}, each ask bounded by {@code timeout}. */
  public static Behavior<Command> create(
      Admission.Draft draft,
      ActorRef<BridgeActor.SubmitReply> replyTo,
      Peers peers,
      Duration timeout) {
    return Behaviors.setup(
        ctx -> {
          ctx.askWithStatus(
              Done.class,
              peers.registry(),
              timeout,
              r -> new CommandRegistry.Register(draft.command().id(), r),
              (done, t) -> new Registered(t));
          return new Steps(ctx, draft, replyTo, peers, timeout).registering();
        });
  }

  /** The steps of one admission. */
  private record Steps(
      ActorContext<Command> ctx,
      Admission.Draft draft,
      ActorRef<BridgeActor.SubmitReply> replyTo,
      Peers peers,
      Duration timeout) {

    Behavior<Command> registering() {
      return Behaviors.receive(Command.class)
          .onMessage(Registered.class, this::onRegistered)
          .build();
    }

    Behavior<Command> accepting() {
      return Behaviors.receive(Command.class).onMessage(Accepted.class, this::onAccepted).build();
    }

    Behavior<Command> storingTargets() {
      return Behaviors.receive(Command.class)
          .onMessage(TargetsStored.class, this::onTargetsStored)
          .build();
    }

    private Behavior<Command> onRegistered(Registered m) {
      if (m.failure() != null) {
        return notAdmitted(false, "cannot register the command: " + m.failure());
      }
      ctx.askWithStatus(
          Done.class,
          peers.persister(),
          timeout,
          r -> new FormaCommandPersister.Accept(draft.command(), draft.edges(), draft.targets(), r),
          (done, t) -> new Accepted(t));
      return accepting();
    }

    private Behavior<Command> onAccepted(Accepted m) {
      if (m.failure() != null) {
        return notAdmitted(true, "cannot store the command: " + m.failure());
      }
      ctx.askWithStatus(
          Done.class,
          peers.resources(),
          timeout,
          r -> new ResourcePersister.PutTargets(draft.targets(), r),
          (done, t) -> new TargetsStored(t));
      return storingTargets();
    }

    private Behavior<Command> onTargetsStored(TargetsStored m) {
      if (m.failure() != null) {
        // The command is already durable and would run at the next start anyway; its updates
        // report the store's failure themselves, so it ends Failed, visibly, not lingering.
        ctx.getLog().warn("cannot store the targets of {}", draft.command().id(), m.failure());
      }
      peers.onDone().tell(new Admitted(draft, replyTo));
      return Behaviors.stopped();
    }

    private Behavior<Command> notAdmitted(boolean registered, String reason) {
      ctx.getLog().warn("command {} not admitted: {}", draft.command().id(), reason);
      if (registered) {
        // Not resumed at the next start: nothing of it runs. A failure here is harmless too, as
        // the next start finds no accepted command under the id and ends it then.
        peers
            .registry()
            .tell(new CommandRegistry.Ended(draft.command().id(), ctx.getSystem().ignoreRef()));
      }
      peers.onDone().tell(new NotAdmitted(draft, replyTo, reason));
      return Behaviors.stopped();
    }
  }
}
