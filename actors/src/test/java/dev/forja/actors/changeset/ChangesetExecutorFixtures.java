package dev.forja.actors.changeset;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.forja.actors.EngineContext;
import dev.forja.actors.command.CommandView;
import dev.forja.actors.command.FormaCommandPersister;
import dev.forja.actors.command.GraphEdge;
import dev.forja.actors.command.InFlight;
import dev.forja.actors.command.NodeKey;
import dev.forja.actors.resource.ResourcePersister;
import dev.forja.actors.resource.ResourceUpdater;
import dev.forja.engine.command.CommandKind;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.OnDependents;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.PlanMode;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.metrics.EngineMetrics;
import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.model.Target;
import dev.forja.engine.plugin.PluginRegistry;
import dev.forja.engine.plugin.ResourcePlugin;
import dev.forja.engine.settings.EngineSettings;
import dev.forja.engine.store.InMemoryCommandStore;
import dev.forja.engine.store.InMemoryInventoryStore;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;

/**
 * Commands sketched by hand, and fakes that let an executor run alone: a persister that answers
 * from a {@link CommandView} and reports what it was asked, and updaters that end when told.
 */
public final class ChangesetExecutorFixtures {
  private ChangesetExecutorFixtures() {}

  /** The test ActorSystem's config. */
  public static final Config CONFIG =
      ConfigFactory.parseResources("forja-actors.conf")
          .withFallback(PersistenceTestKitPlugin.config())
          .withFallback(PersistenceTestKitSnapshotPlugin.config())
          .withFallback(ConfigFactory.load());

  /** The namespace the fake plugin serves. */
  public static final String NAMESPACE = "TEST";

  /** The target every sketched update runs on unless told otherwise. */
  public static final Target TARGET = new Target("test-eu", NAMESPACE, null, false);

  /** A new sketch, with a fresh command id and fresh KSUIDs. */
  public static CommandSketch command() {
    return new CommandSketch();
  }

  /** A context with {@code settings} and a plugin for {@link #NAMESPACE} that is never called. */
  public static EngineContext context(EngineSettings settings) {
    ResourcePlugin plugin =
        (ResourcePlugin)
            Proxy.newProxyInstance(
                ResourcePlugin.class.getClassLoader(),
                new Class<?>[] {ResourcePlugin.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "namespace" -> NAMESPACE;
                      case "resourceTypes" -> List.of();
                      default -> throw new UnsupportedOperationException(method.getName());
                    });
    return new EngineContext(
        settings,
        PluginRegistry.of(List.of(plugin)),
        new InMemoryInventoryStore(),
        new InMemoryCommandStore(),
        Clock.systemUTC(),
        () -> "res-" + UUID.randomUUID(),
        new SplittableRandom(7),
        EngineMetrics.NONE);
  }

  /** A command built by hand: updates and edges by label, and what a restart would find. */
  public static final class CommandSketch {
    private final String id = "cmd-" + UUID.randomUUID();
    private final Map<String, ResourceUpdate> updates = new LinkedHashMap<>();
    private final List<NodeKey[]> waits = new ArrayList<>();
    private final Map<NodeKey, InFlight> inFlight = new HashMap<>();
    private final Set<NodeKey> done = new HashSet<>();
    private final List<Target> targets = new ArrayList<>(List.of(TARGET));
    private CommandState state = CommandState.NOT_STARTED;

    /** Adds a create, NotStarted. */
    public CommandSketch create(String label) {
      return update(label, Operation.CREATE, UpdateState.NOT_STARTED);
    }

    /** Adds an update of {@code op} in {@code st} on {@link #TARGET}. */
    public CommandSketch update(String label, Operation op, UpdateState st) {
      return update(label, op, st, TARGET.label());
    }

    /** Adds an update of {@code op} in {@code st} on the target labeled {@code target}. */
    public CommandSketch update(String label, Operation op, UpdateState st, String target) {
      String ksuid = "res-" + UUID.randomUUID();
      var props = JsonNodeFactory.instance.objectNode().put("Name", label);
      InventoryResource prior =
          op == Operation.CREATE
              ? null
              : new InventoryResource(
                  ksuid, "web", label, "Test::Thing", target, "n-" + label, true, props, null);
      updates.put(
          label,
          new ResourceUpdate(
              ksuid,
              "web",
              label,
              "Test::Thing",
              target,
              op,
              st,
              op == Operation.DELETE ? null : props,
              prior,
              null,
              false,
              0,
              prior == null ? null : prior.nativeId(),
              null,
              null));
      return this;
    }

    /** {@code waiting}'s last node waits for {@code on}'s last node. */
    public CommandSketch waits(String waiting, String on) {
      return waits(node(waiting, lastOp(waiting)), node(on, lastOp(on)));
    }

    /** Node {@code waiting} waits for node {@code on}. */
    public CommandSketch waits(NodeKey waiting, NodeKey on) {
      waits.add(new NodeKey[] {waiting, on});
      return this;
    }

    /** Node ({@code label}, {@code op}) had a call in flight, with this request token (or null). */
    public CommandSketch inFlight(String label, Operation op, String requestToken) {
      NodeKey n = node(label, op);
      inFlight.put(n, new InFlight(n.ksuid(), op, 1, id + "-" + n.ksuid() + "-1", requestToken));
      return this;
    }

    /** Node ({@code label}, {@code op}) had finished. */
    public CommandSketch done(String label, Operation op) {
      done.add(node(label, op));
      return this;
    }

    /** The command's state in the view. */
    public CommandSketch state(CommandState s) {
      state = s;
      return this;
    }

    /** Adds a target. */
    public CommandSketch target(Target t) {
      targets.add(t);
      return this;
    }

    /** The command's id. */
    public String id() {
      return id;
    }

    /** The KSUID of the update labeled {@code label}. */
    public String ksuid(String label) {
      return updates.get(label).ksuid();
    }

    /** The node of {@code label} running {@code op}. */
    public NodeKey node(String label, Operation op) {
      return new NodeKey(ksuid(label), op);
    }

    /** The update labeled {@code label}. */
    public ResourceUpdate updateOf(String label) {
      return updates.get(label);
    }

    private Operation lastOp(String label) {
      Operation op = updates.get(label).operation();
      return op == Operation.REPLACE ? Operation.CREATE : op;
    }

    /** The view a persister would hand the executor. */
    public CommandView view() {
      // Node ids as DependencyGraph numbers them: in update order, a replace's DELETE first.
      Map<NodeKey, Integer> ids = new HashMap<>();
      for (ResourceUpdate u : updates.values()) {
        if (u.operation() == Operation.REPLACE) {
          ids.put(new NodeKey(u.ksuid(), Operation.DELETE), ids.size());
          ids.put(new NodeKey(u.ksuid(), Operation.CREATE), ids.size());
        } else {
          ids.put(new NodeKey(u.ksuid(), u.operation()), ids.size());
        }
      }
      List<GraphEdge> edges = new ArrayList<>();
      for (NodeKey[] w : waits) {
        edges.add(new GraphEdge(ids.get(w[0]), ids.get(w[1])));
      }
      FormaCommand command =
          new FormaCommand(
              id,
              CommandKind.APPLY,
              PlanMode.RECONCILE,
              OnDependents.ABORT,
              state,
              Instant.parse("2025-06-01T12:00:00Z"),
              null,
              List.copyOf(updates.values()));
      return new CommandView(
          command, edges, List.copyOf(targets), Map.copyOf(inFlight), Set.copyOf(done));
    }
  }

  /**
   * A fake persister: tells {@code probe} every message it gets, then answers it unless its class
   * is in {@code held} (the test answers those through their replyTo). Views come from {@code
   * view}; records are applied; a cancel answers Canceling; Complete answers Canceled after a
   * cancel, else {@code completeAs}.
   */
  public static Behavior<FormaCommandPersister.Command> persister(
      CommandView view,
      ActorRef<FormaCommandPersister.Command> probe,
      CommandState completeAs,
      Set<Class<?>> held) {
    AtomicBoolean canceled = new AtomicBoolean();
    return Behaviors.receiveMessage(
        m -> {
          probe.tell(m);
          if (held.contains(m.getClass())) {
            return Behaviors.same();
          }
          var recorded = StatusReply.success(new FormaCommandPersister.Recorded(true));
          if (m instanceof FormaCommandPersister.GetView g) {
            g.replyTo().tell(StatusReply.success(view));
          } else if (m instanceof FormaCommandPersister.RecordFinished r) {
            r.replyTo().tell(recorded);
          } else if (m instanceof FormaCommandPersister.RecordDependentsFailed r) {
            r.replyTo().tell(recorded);
          } else if (m instanceof FormaCommandPersister.RecordCancel r) {
            canceled.set(true);
            r.replyTo().tell(StatusReply.success(CommandState.CANCELING));
          } else if (m instanceof FormaCommandPersister.Complete c) {
            c.replyTo()
                .tell(StatusReply.success(canceled.get() ? CommandState.CANCELED : completeAs));
          }
          return Behaviors.same();
        });
  }

  /**
   * One executor under test, alone: a fake persister (answering from the sketch's view) and fake
   * updaters, with probes on what the executor records, starts and reports.
   */
  static final class Harness {
    final CommandSketch command;
    final TestProbe<FormaCommandPersister.Command> persisted;
    final TestProbe<Started> started;
    final TestProbe<ChangesetExecutor.Ended> ended;
    final ActorRef<ChangesetExecutor.Command> executor;
    private final ActorTestKit kit;

    /**
     * @param completeAs what Complete answers when no cancel was recorded
     * @param held persister messages the test answers itself
     */
    Harness(
        ActorTestKit kit,
        CommandSketch command,
        EngineSettings settings,
        CommandState completeAs,
        Class<?>... held) {
      this.kit = kit;
      this.command = command;
      this.persisted = kit.createTestProbe(FormaCommandPersister.Command.class);
      this.started = kit.createTestProbe(Started.class);
      this.ended = kit.createTestProbe(ChangesetExecutor.Ended.class);
      var persister =
          kit.spawn(persister(command.view(), persisted.ref(), completeAs, Set.of(held)));
      var peers =
          new ChangesetExecutor.Peers(
              persister,
              kit.<ResourcePersister.Command>createTestProbe().ref(),
              kit.<RateLimiter.Command>createTestProbe().ref(),
              ended.ref());
      this.executor =
          kit.spawn(
              ChangesetExecutor.create(
                  command.id(), context(settings), peers, updaters(started.ref())));
    }

    Harness(ActorTestKit kit, CommandSketch command, Class<?>... held) {
      this(kit, command, EngineSettings.defaults(), CommandState.SUCCESS, held);
    }

    /** Tells the executor Start and expects it to load the command. */
    void start() {
      executor.tell(ChangesetExecutor.Start.INSTANCE);
      persisted.expectMessageClass(FormaCommandPersister.GetView.class);
    }

    /** The next {@code n} updaters started, by node, in whatever order they announced it. */
    Map<NodeKey, Started> expectStarted(int n) {
      Map<NodeKey, Started> byNode = new HashMap<>();
      for (Started s : started.receiveSeveralMessages(n)) {
        byNode.put(s.node(), s);
      }
      return byNode;
    }

    /** The next thing recorded, of class {@code type}. */
    <T extends FormaCommandPersister.Command> T expectPersisted(Class<T> type) {
      return persisted.expectMessageClass(type);
    }

    /**
     * Ends {@code updater} in {@code state}; returns once it stopped, so its end is in the
     * executor's mailbox before anything the test sends next.
     */
    void finish(Started updater, UpdateState state) {
      updater.finish(state);
      kit.createTestProbe().expectTerminated(updater.updater());
    }

    /** Sends Cancel; the probe gets the reply. */
    TestProbe<StatusReply<CommandState>> cancel() {
      TestProbe<StatusReply<CommandState>> reply = kit.createTestProbe();
      executor.tell(new ChangesetExecutor.Cancel(reply.ref()));
      return reply;
    }

    /** Expects the executor to report {@code state} to onEnded and to stop. */
    void expectEnded(CommandState state) {
      ended.expectMessage(new ChangesetExecutor.Ended(command.id(), state));
      kit.createTestProbe().expectTerminated(executor);
    }
  }

  /** Tells a fake updater to end in {@code state}, or to stop without reporting when null. */
  public record Finish(UpdateState state) {}

  /** A fake updater started: what it was given, and where to send it {@link Finish}. */
  public record Started(
      ResourceUpdater.Spec spec, ResourceUpdater.Peers peers, ActorRef<Object> updater) {

    /** The node it runs. */
    public NodeKey node() {
      return spec.node();
    }

    /** Ends it in {@code state}: it reports to the executor, then stops. */
    public void finish(UpdateState state) {
      updater.tell(new Finish(state));
    }
  }

  /** Updaters that tell {@code probe} they started, then wait for {@link Finish}. */
  static ChangesetExecutor.UpdaterFactory updaters(ActorRef<Started> probe) {
    return (spec, peers) ->
        Behaviors.<Object>setup(
                ctx -> {
                  probe.tell(new Started(spec, peers, ctx.getSelf()));
                  return Behaviors.receiveMessage(m -> finish(spec, peers, m));
                })
            .narrow();
  }

  private static Behavior<Object> finish(
      ResourceUpdater.Spec spec, ResourceUpdater.Peers peers, Object m) {
    if (m instanceof Finish f && f.state() != null) {
      String code = f.state() == UpdateState.SUCCESS ? null : "InternalFailure";
      peers.replyTo().tell(new ResourceUpdater.Ended(spec.node(), f.state(), code, "scripted"));
    }
    return Behaviors.stopped();
  }
}
