package dev.forja.actors.races;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.forja.actors.EngineContext;
import dev.forja.actors.ForjaGuardian;
import dev.forja.actors.bridge.BridgeActor;
import dev.forja.actors.command.CommandRegistry;
import dev.forja.actors.command.FormaCommandPersister;
import dev.forja.engine.command.CommandKind;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.OnDependents;
import dev.forja.engine.command.PlanMode;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.input.FormaReader;
import dev.forja.engine.input.InputFormat;
import dev.forja.engine.input.ResourceLookup;
import dev.forja.engine.metrics.EngineMetrics;
import dev.forja.engine.model.Forma;
import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.model.Ksuid;
import dev.forja.engine.plugin.PluginRegistry;
import dev.forja.engine.settings.EngineSettings;
import dev.forja.engine.store.InMemoryCommandStore;
import dev.forja.engine.store.InMemoryInventoryStore;
import dev.forja.plugin.sim.SimPlugin;
import dev.forja.plugin.sim.cloud.SimCloud;
import dev.forja.plugin.sim.cloud.SimResource;
import dev.forja.plugin.sim.cloud.SimSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.japi.function.Creator;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.JournalOperation;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.ProcessingPolicy;
import org.apache.pekko.persistence.testkit.ProcessingResult;
import org.apache.pekko.persistence.testkit.ProcessingSuccess;
import org.apache.pekko.persistence.testkit.WriteEvents;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;

/**
 * One engine under test: an ActorTestKit over Pekko's in-memory journal, a simulated cloud behind a
 * {@link HeldPlugin}, in-memory stores, and settings short enough that every timeout of the chain
 * fires within seconds. {@link #restart} stops the whole engine and starts a new one on the same
 * journal, stores and cloud, as a crash and a restart of the process would.
 */
final class EngineHarness implements AutoCloseable {
  /** The label of the target every {@link SimFormas} forma uses unless told otherwise. */
  static final String TARGET = "sim";

  /** The longest any one story waits for a condition. */
  static final Duration PATIENCE = Duration.ofSeconds(20);

  /**
   * How long a query may take to answer: the bridge ask timeout of {@link #settings} for a query
   * (7s), as the facade would wait. The engine answers at once, whatever it runs.
   */
  static final Duration QUERY = Duration.ofSeconds(7);

  final ActorTestKit testKit;
  final SimCloud cloud;
  final HeldPlugin plugin;
  final InMemoryInventoryStore inventory = new InMemoryInventoryStore();
  final InMemoryCommandStore commands = new InMemoryCommandStore();
  final EngineContext context;
  private final FormaReader reader;

  /** The engine's root, which passes every message to its bridge: the bridge as tests see it. */
  private ActorRef<BridgeActor.Command> bridge;

  private EngineHarness(EngineSettings settings) {
    this.testKit = ActorTestKit.create(config());
    this.cloud = SimCloud.inMemory(SimSettings.IDEAL);
    this.plugin = new HeldPlugin(new SimPlugin(cloud));
    PluginRegistry plugins = PluginRegistry.of(List.of(plugin));
    this.context =
        new EngineContext(
            settings,
            plugins,
            inventory,
            commands,
            Clock.systemUTC(),
            Ksuid.generator(),
            new SplittableRandom(42),
            EngineMetrics.NONE);
    this.reader = FormaReader.of(plugins.schemas(), ResourceLookup.NONE);
  }

  /** An engine with {@link #settings()}, not yet started. */
  static EngineHarness create() {
    return create(b -> b);
  }

  /** An engine with {@link #settings()} changed by {@code change}, not yet started. */
  static EngineHarness create(UnaryOperator<EngineSettings.Builder> change) {
    return new EngineHarness(change.apply(settings()).build());
  }

  /**
   * Short settings whose chain still holds. The call timeout is long (10s over a 5s request) so
   * that a test may hold a call while it arranges a race; stories about timeouts shorten it with
   * {@link #shortCalls}. The updater watchdog, derived, is 3 x (10s + 5s + 20ms + 10s) + 30ms of
   * backoff + 100ms = 75.19s; resolve 90s above it. Asks (5s, 6s, 7s, plus 5ms a resource) are not
   * what these stories are about: they stay far from firing on a loaded build machine.
   */
  static EngineSettings.Builder settings() {
    return EngineSettings.defaults().toBuilder()
        .timeoutMargin(Duration.ofMillis(100))
        .pluginRequestTimeout(Duration.ofSeconds(5))
        .pluginCallTimeout(Duration.ofSeconds(10))
        .statusCheckInterval(Duration.ofMillis(20))
        .maxStatusWait(Duration.ofSeconds(5))
        .maxRetries(2)
        .backoffBase(Duration.ofMillis(10))
        .backoffMax(Duration.ofMillis(40))
        .backoffJitter(0.0)
        .resolveTimeout(Duration.ofSeconds(90))
        .persisterAskTimeoutBase(Duration.ofSeconds(5))
        .persisterAskTimeoutPerResource(Duration.ofMillis(5))
        .executorAskTimeoutBase(Duration.ofSeconds(6))
        .executorAskTimeoutPerResource(Duration.ofMillis(5))
        .bridgeAskTimeoutBase(Duration.ofSeconds(7))
        .bridgeAskTimeoutPerResource(Duration.ofMillis(5))
        .defaultRequestsPerSecond(10_000)
        .persisterSnapshotEvery(10);
  }

  /**
   * A plugin call timeout of 1s over a 0.5s request and a 3s status wait: the watchdog becomes 3 x
   * (1s + 3s + 20ms + 1s) + 30ms + 100ms = 15.19s, under a 20s resolve timeout.
   */
  static EngineSettings.Builder shortCalls(EngineSettings.Builder b) {
    return b.pluginRequestTimeout(Duration.ofMillis(500))
        .pluginCallTimeout(Duration.ofSeconds(1))
        .maxStatusWait(Duration.ofSeconds(3))
        .resolveTimeout(Duration.ofSeconds(20));
  }

  /** The brief's test system config: Forja's pekko settings over the persistence testkit's. */
  static Config config() {
    return ConfigFactory.parseResources("forja-actors.conf")
        .withFallback(PersistenceTestKitPlugin.config())
        .withFallback(PersistenceTestKitSnapshotPlugin.config())
        .withFallback(ConfigFactory.load());
  }

  // ---- lifecycle ----

  /** Starts the engine; returns its root, which takes the bridge's messages. */
  ActorRef<BridgeActor.Command> spawn() {
    bridge = testKit.spawn(ForjaGuardian.create(context));
    return bridge;
  }

  /**
   * Stops the whole engine (waiting until every actor of it has stopped) and starts a new one on
   * the same journal, stores and cloud. Plugin calls still running belong to dead actors.
   */
  ActorRef<BridgeActor.Command> restart() {
    testKit.stop(bridge, PATIENCE);
    return spawn();
  }

  /**
   * Restarts as {@link #restart} does, and sends {@code firstQuery} to the new engine while its
   * command registry is still recovering: the first moment after a restart, before the engine knows
   * which commands are open. The registry's journal reads wait until the query is sent.
   */
  void restartAndQueryAtOnce(BridgeActor.Command firstQuery) {
    String registry = PersistenceId.of(CommandRegistry.TYPE, CommandRegistry.ID).id();
    CompletableFuture<Void> mayRecover = new CompletableFuture<>();
    journal().withPolicy(new HoldingReads(registry, mayRecover));
    try {
      restart().tell(firstQuery);
    } finally {
      mayRecover.complete(null);
      journal().resetPolicy();
    }
  }

  /** Holds the journal reads of one persistence id until {@code release} completes. */
  private record HoldingReads(String persistenceId, CompletableFuture<Void> release)
      implements ProcessingPolicy<JournalOperation> {
    @Override
    public ProcessingResult tryProcess(String pid, JournalOperation op) {
      if (pid.equals(persistenceId) && !(op instanceof WriteEvents)) {
        try {
          release.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
          // Let recovery go on: the test fails on its own assertions.
        }
      }
      return ProcessingSuccess.getInstance();
    }
  }

  ActorRef<BridgeActor.Command> bridge() {
    return bridge;
  }

  @Override
  public void close() {
    testKit.shutdownTestKit();
  }

  // ---- commands ----

  /** Parses forma JSON as the API would, refusing any problem. */
  Forma forma(String json) {
    return reader.readString(json, InputFormat.JSON, "test").orThrow();
  }

  /** Submits an apply (reconcile) and returns the bridge's reply, whatever it is. */
  BridgeActor.SubmitReply submitReply(String formaJson) {
    Forma forma = forma(formaJson);
    TestProbe<BridgeActor.SubmitReply> probe = testKit.createTestProbe();
    bridge.tell(
        new BridgeActor.Submit(
            new BridgeActor.SubmitRequest(
                CommandKind.APPLY, PlanMode.RECONCILE, OnDependents.ABORT, false, forma),
            probe.ref()));
    // The facade's wait for a submit grows with the command, as the bridge's work does.
    return probe.receiveMessage(context.settings().bridgeAskTimeout(forma.resources().size()));
  }

  /** Submits an apply that must be accepted; returns the command id. */
  String submit(String formaJson) {
    BridgeActor.SubmitReply reply = submitReply(formaJson);
    assertThat(reply).isInstanceOf(BridgeActor.Accepted.class);
    return ((BridgeActor.Accepted) reply).commandId();
  }

  /** The command as the bridge answers it now; the bridge must answer at once. */
  FormaCommand status(String commandId) {
    TestProbe<StatusReply<FormaCommand>> probe = testKit.createTestProbe();
    bridge.tell(new BridgeActor.GetCommand(commandId, probe.ref()));
    StatusReply<FormaCommand> reply = probe.receiveMessage(QUERY);
    assertThat(reply.isSuccess()).as("GetCommand %s: %s", commandId, reply).isTrue();
    return reply.getValue();
  }

  /** Cancels a command; the bridge must answer at once. */
  BridgeActor.CancelReply cancel(String commandId) {
    TestProbe<BridgeActor.CancelReply> probe = testKit.createTestProbe();
    bridge.tell(new BridgeActor.Cancel(commandId, probe.ref()));
    return probe.receiveMessage(QUERY);
  }

  /** Polls the command until its state is final, the bridge answering every poll at once. */
  FormaCommand awaitEnd(String commandId) {
    return eventually(
        () -> {
          FormaCommand c = status(commandId);
          assertThat(c.state().isFinal()).as("state of %s: %s", commandId, c.state()).isTrue();
          return c;
        });
  }

  /** Polls the command until {@code label}'s update is in a final state. */
  ResourceUpdate awaitFinal(String commandId, String label) {
    return eventually(
        () -> {
          ResourceUpdate u = update(status(commandId), label);
          assertThat(u.state().isFinal()).as("state of %s: %s", label, u.state()).isTrue();
          return u;
        });
  }

  /** Waits until {@code check} passes, retrying it for up to {@link #PATIENCE}. */
  <A> A eventually(Creator<A> check) {
    return testKit.createTestProbe().awaitAssert(PATIENCE, Duration.ofMillis(20), check);
  }

  /** Waits until {@code check} passes, retrying it for up to {@link #PATIENCE}. */
  void waitUntil(Runnable check) {
    eventually(
        () -> {
          check.run();
          return Boolean.TRUE;
        });
  }

  // ---- looking ----

  /**
   * Whether command {@code commandId}'s journal holds an event that mentions {@code text}, read as
   * JSON through Pekko's own Jackson setup (events are Jackson-serializable by contract).
   */
  boolean journalMentions(String commandId, String text) {
    ObjectMapper json =
        JacksonObjectMapperProvider.get(Adapter.toClassic(testKit.system()))
            .getOrCreate("jackson-json", Optional.empty());
    for (Object event : journal().persistedInStorage(persistenceId(commandId))) {
      try {
        if (json.writeValueAsString(event).contains(text)) {
          return true;
        }
      } catch (JsonProcessingException e) {
        throw new AssertionError("event " + event.getClass() + " does not serialize", e);
      }
    }
    return false;
  }

  /** The journal of the persistence testkit, shared by every incarnation of the engine. */
  PersistenceTestKit journal() {
    return PersistenceTestKit.create(testKit.system());
  }

  /** The persistence id of command {@code commandId}'s persister. */
  static String persistenceId(String commandId) {
    return PersistenceId.of(FormaCommandPersister.TYPE, commandId).id();
  }

  /** The update of {@code label} in {@code command}. */
  static ResourceUpdate update(FormaCommand command, String label) {
    return command.updates().stream()
        .filter(u -> u.label().equals(label))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no update of " + label + " in " + command.id()));
  }

  /** The inventory row of {@code label}'s update, if any. */
  Optional<InventoryResource> inInventory(ResourceUpdate u) {
    return inventory.byKsuid(u.ksuid());
  }

  /** The cloud's queues named {@code queueName}. */
  List<SimResource> inCloud(String queueName) {
    return cloud.resources().stream()
        .filter(r -> queueName.equals(r.properties().path("QueueName").asText(null)))
        .toList();
  }
}
