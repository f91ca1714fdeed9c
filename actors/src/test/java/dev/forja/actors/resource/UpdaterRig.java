package dev.forja.actors.resource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.forja.actors.EngineContext;
import dev.forja.actors.changeset.RateLimiter;
import dev.forja.actors.changeset.ResolveCache;
import dev.forja.actors.command.FormaCommandPersister;
import dev.forja.actors.command.InFlight;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.metrics.EngineMetrics;
import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.model.Ksuid;
import dev.forja.engine.model.Target;
import dev.forja.engine.plan.PropertyDiff;
import dev.forja.engine.plugin.OperationStatus;
import dev.forja.engine.plugin.PluginRegistry;
import dev.forja.engine.plugin.PluginRequests;
import dev.forja.engine.plugin.ProgressResult;
import dev.forja.engine.plugin.ResourcePlugin;
import dev.forja.engine.settings.EngineSettings;
import dev.forja.engine.store.InMemoryCommandStore;
import dev.forja.engine.store.InMemoryInventoryStore;
import dev.forja.plugin.sim.SimPlugin;
import dev.forja.plugin.sim.cloud.SimCloud;
import dev.forja.plugin.sim.cloud.SimSettings;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;

/**
 * One ResourceUpdater's world for a test: the simulator, a real ResourcePersister over an in-memory
 * inventory, and stand-ins for the command's persister, the resolve cache and the rate limiter that
 * answer at once and log, in {@link #events}, what reached them in which order.
 */
final class UpdaterRig {
  static final Config CONFIG =
      ConfigFactory.parseResources("forja-actors.conf")
          .withFallback(PersistenceTestKitPlugin.config())
          .withFallback(PersistenceTestKitSnapshotPlugin.config())
          .withFallback(ConfigFactory.load());

  /** The whole timeout chain shrunk so that a test waits milliseconds, not minutes. */
  static final EngineSettings SETTINGS =
      EngineSettings.defaults().toBuilder()
          .pluginRequestTimeout(Duration.ofMillis(100))
          .pluginCallTimeout(Duration.ofMillis(500))
          .statusCheckInterval(Duration.ofMillis(20))
          .maxStatusWait(Duration.ofSeconds(2))
          .maxRetries(2)
          .backoffBase(Duration.ofMillis(10))
          .backoffMax(Duration.ofMillis(40))
          .backoffJitter(0.0)
          .timeoutMargin(Duration.ofMillis(50))
          .resolveTimeout(Duration.ofSeconds(30))
          .persisterAskTimeoutBase(Duration.ofMillis(300))
          .persisterAskTimeoutPerResource(Duration.ZERO)
          .executorAskTimeoutBase(Duration.ofMillis(400))
          .executorAskTimeoutPerResource(Duration.ZERO)
          .bridgeAskTimeoutBase(Duration.ofMillis(500))
          .bridgeAskTimeoutPerResource(Duration.ZERO)
          .build();

  static final String QUEUE = "AWS::SQS::Queue";
  static final Target TARGET = new Target("sim-target", SimPlugin.NAMESPACE, null, false);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Ksuid KSUIDS = Ksuid.generator();

  final ActorTestKit testKit;
  final SimCloud cloud = SimCloud.inMemory(SimSettings.IDEAL);
  final SimPlugin sim = new SimPlugin(cloud);
  final InMemoryInventoryStore inventory = new InMemoryInventoryStore();
  final String commandId = KSUIDS.get();

  /** "attempt", "token", "finished", "put", in arrival order. */
  final List<String> events = new CopyOnWriteArrayList<>();

  /** Values the resolve cache stand-in answers with, by KSUID. */
  final Map<String, ObjectNode> cacheValues = new ConcurrentHashMap<>();

  final TestProbe<FormaCommandPersister.Command> journal;
  final TestProbe<ResolveCache.Command> cacheProbe;
  final TestProbe<RateLimiter.Command> limiterProbe;
  final TestProbe<ResourceUpdater.Ended> ended;

  /** Runs on the stand-in's thread as each command-persister message arrives, before the reply. */
  volatile Consumer<FormaCommandPersister.Command> onRecord = m -> {};

  /** When true, the stand-in never answers RecordFinished. */
  volatile boolean dropFinished;

  /** Where updaters started from now on report. */
  volatile EngineMetrics metrics = EngineMetrics.NONE;

  UpdaterRig(ActorTestKit testKit) {
    this.testKit = testKit;
    journal = testKit.createTestProbe(FormaCommandPersister.Command.class);
    cacheProbe = testKit.createTestProbe(ResolveCache.Command.class);
    limiterProbe = testKit.createTestProbe(RateLimiter.Command.class);
    ended = testKit.createTestProbe(ResourceUpdater.Ended.class);
  }

  /** An updater of {@code spec} calling {@code plugin}, with fresh stand-ins. */
  ActorRef<ResourceUpdater.Command> start(ResourceUpdater.Spec spec, ResourcePlugin plugin) {
    EngineContext context =
        new EngineContext(
            SETTINGS,
            PluginRegistry.of(List.of(plugin)),
            inventory,
            new InMemoryCommandStore(),
            Clock.systemUTC(),
            KSUIDS,
            new SplittableRandom(7),
            metrics);
    ResourceUpdater.Peers peers =
        new ResourceUpdater.Peers(
            testKit.spawn(
                Behaviors.monitor(FormaCommandPersister.Command.class, journal.ref(), persister())),
            testKit.spawn(Behaviors.monitor(ResolveCache.Command.class, cacheProbe.ref(), cache())),
            testKit.spawn(ResourcePersister.create(inventory)),
            limiter(),
            ended.ref());
    return testKit.spawn(ResourceUpdater.create(spec, context, peers));
  }

  ActorRef<ResourceUpdater.Command> start(ResourceUpdater.Spec spec) {
    return start(spec, sim);
  }

  /** A limiter that grants every permit at once. */
  ActorRef<RateLimiter.Command> limiter() {
    return testKit.spawn(
        Behaviors.monitor(
            RateLimiter.Command.class,
            limiterProbe.ref(),
            Behaviors.receive(RateLimiter.Command.class)
                .onMessage(RateLimiter.Acquire.class, UpdaterRig::grant)
                .build()));
  }

  private static Behavior<RateLimiter.Command> grant(RateLimiter.Acquire acquire) {
    acquire.replyTo().tell(RateLimiter.Permit.INSTANCE);
    return Behaviors.same();
  }

  private Behavior<FormaCommandPersister.Command> persister() {
    return Behaviors.receive(FormaCommandPersister.Command.class)
        .onMessage(
            FormaCommandPersister.RecordAttempt.class, m -> record("attempt", m, m.replyTo()))
        .onMessage(
            FormaCommandPersister.RecordRequestToken.class, m -> record("token", m, m.replyTo()))
        .onMessage(
            FormaCommandPersister.RecordFinished.class,
            m -> dropFinished ? Behaviors.same() : record("finished", m, m.replyTo()))
        .build();
  }

  private Behavior<FormaCommandPersister.Command> record(
      String event,
      FormaCommandPersister.Command m,
      ActorRef<StatusReply<FormaCommandPersister.Recorded>> replyTo) {
    events.add(event);
    onRecord.accept(m);
    replyTo.tell(StatusReply.success(new FormaCommandPersister.Recorded(true)));
    return Behaviors.same();
  }

  private Behavior<ResolveCache.Command> cache() {
    return Behaviors.receive(ResolveCache.Command.class)
        .onMessage(ResolveCache.Lookup.class, this::lookup)
        .onMessage(ResolveCache.Put.class, m -> note("put"))
        .build();
  }

  private Behavior<ResolveCache.Command> lookup(ResolveCache.Lookup m) {
    ObjectNode v = cacheValues.get(m.ksuid());
    m.replyTo()
        .tell(
            new ResolveCache.Values(
                m.ksuid(), v, v == null ? "no such resource " + m.ksuid() : null));
    return Behaviors.same();
  }

  private Behavior<ResolveCache.Command> note(String event) {
    events.add(event);
    return Behaviors.same();
  }

  /** The operations the cloud received after the first {@code mark}, by name ("Create"). */
  List<String> opsSince(int mark) {
    var log = cloud.oplog();
    return log.subList(mark, log.size()).stream().map(e -> e.op()).toList();
  }

  // ---- updates and specs ----

  static String freshKsuid() {
    return KSUIDS.get();
  }

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A queue named {@code name}, as desired properties. */
  static ObjectNode queue(String name) {
    return json("{\"QueueName\":\"" + name + "\",\"VisibilityTimeout\":30}");
  }

  static ResourceUpdate createUpdate(String ksuid, ObjectNode desired) {
    return ResourceUpdate.planned(
        ksuid,
        "stack",
        "q-" + ksuid,
        QUEUE,
        TARGET.label(),
        Operation.CREATE,
        desired,
        null,
        null,
        false);
  }

  ResourceUpdate change(
      Operation op, InventoryResource prior, ObjectNode desired, boolean withPatch) {
    return ResourceUpdate.planned(
        prior.ksuid(),
        prior.stack(),
        prior.label(),
        prior.type(),
        prior.target(),
        op,
        desired,
        prior,
        withPatch
            ? PropertyDiff.diff(
                prior.properties(),
                desired,
                PluginRegistry.of(List.of(sim)).schemas().schemaOf(QUEUE))
            : null,
        false);
  }

  ResourceUpdater.Spec spec(ResourceUpdate update, Operation node) {
    return new ResourceUpdater.Spec(commandId, update, node, TARGET, null);
  }

  ResourceUpdater.Spec resumed(ResourceUpdate update, Operation node, InFlight inFlight) {
    return new ResourceUpdater.Spec(commandId, update, node, TARGET, inFlight);
  }

  /**
   * A queue that exists in the cloud and in the inventory, as an earlier command left it: created
   * through the plugin directly and polled until done.
   */
  InventoryResource existingQueue(String name) {
    ObjectNode desired = queue(name);
    ProgressResult started =
        sim.create(new PluginRequests.Create(QUEUE, name, desired, TARGET, "seed-" + name))
            .toCompletableFuture()
            .join();
    ProgressResult done = started;
    while (done.status() == OperationStatus.IN_PROGRESS) {
      done =
          sim.status(new PluginRequests.Status(QUEUE, started.requestToken(), TARGET))
              .toCompletableFuture()
              .join();
    }
    String ksuid = freshKsuid();
    InventoryResource row =
        new InventoryResource(
            ksuid,
            "stack",
            "q-" + ksuid,
            QUEUE,
            TARGET.label(),
            done.nativeId(),
            true,
            desired,
            null);
    inventory.put(row);
    return row;
  }
}
