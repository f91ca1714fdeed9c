package dev.forja.actors.bridge;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.forja.actors.EngineContext;
import dev.forja.engine.command.CommandKind;
import dev.forja.engine.command.OnDependents;
import dev.forja.engine.command.PlanMode;
import dev.forja.engine.input.FormaReader;
import dev.forja.engine.input.InputFormat;
import dev.forja.engine.input.ResourceLookup;
import dev.forja.engine.metrics.EngineMetrics;
import dev.forja.engine.model.Forma;
import dev.forja.engine.model.Ksuid;
import dev.forja.engine.plugin.PluginRegistry;
import dev.forja.engine.settings.EngineSettings;
import dev.forja.engine.store.InMemoryCommandStore;
import dev.forja.engine.store.InMemoryInventoryStore;
import dev.forja.plugin.sim.SimPlugin;
import dev.forja.plugin.sim.cloud.SimCloud;
import dev.forja.plugin.sim.cloud.SimSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;

/** One simulated world for a bridge test: a cloud, its plugin, stores, and short settings. */
final class BridgeFixtures {
  /** The brief's test system config: Forja's pekko settings over the persistence testkit's. */
  static final Config CONFIG =
      ConfigFactory.parseResources("forja-actors.conf")
          .withFallback(PersistenceTestKitPlugin.config())
          .withFallback(PersistenceTestKitSnapshotPlugin.config())
          .withFallback(ConfigFactory.load());

  /** The longest a story waits for a command to end. */
  static final Duration PATIENCE = Duration.ofSeconds(20);

  /** How long the bridge may take to answer a query or a submit. */
  static final Duration PROMPT = Duration.ofSeconds(3);

  private static final AtomicInteger STACKS = new AtomicInteger();

  final SimCloud cloud = SimCloud.inMemory(SimSettings.IDEAL);
  final PluginRegistry plugins = PluginRegistry.of(List.of(new SimPlugin(cloud)));
  final InMemoryInventoryStore inventory = new InMemoryInventoryStore();
  final InMemoryCommandStore commands = new InMemoryCommandStore();
  final EngineContext context =
      new EngineContext(
          settings(),
          plugins,
          inventory,
          commands,
          Clock.systemUTC(),
          Ksuid.generator(),
          new Random(7),
          EngineMetrics.NONE);

  /** The timeout chain shrunk to seconds; the simulator answers its first status poll. */
  static EngineSettings settings() {
    return EngineSettings.defaults().toBuilder()
        .timeoutMargin(Duration.ofMillis(100))
        .pluginRequestTimeout(Duration.ofSeconds(1))
        .pluginCallTimeout(Duration.ofSeconds(2))
        .statusCheckInterval(Duration.ofMillis(10))
        .maxStatusWait(Duration.ofSeconds(30))
        .maxRetries(2)
        .backoffBase(Duration.ofMillis(10))
        .backoffMax(Duration.ofMillis(40))
        .resolveTimeout(Duration.ofMinutes(5))
        .persisterAskTimeoutBase(Duration.ofSeconds(2))
        .persisterAskTimeoutPerResource(Duration.ofMillis(1))
        .executorAskTimeoutBase(Duration.ofSeconds(3))
        .executorAskTimeoutPerResource(Duration.ofMillis(1))
        .bridgeAskTimeoutBase(Duration.ofSeconds(4))
        .bridgeAskTimeoutPerResource(Duration.ofMillis(1))
        .build();
  }

  /** A stack label no other test uses, so that cloud names never collide. */
  static String freshStack() {
    return "app" + STACKS.incrementAndGet();
  }

  /**
   * A forma of stack {@code stack}: queue {@code dlq}, queue {@code events} that dead-letters to it
   * (a reference to its {@code Arn}), and a topic subscribed to {@code events}.
   */
  static String queuesJson(String stack) {
    return """
        {"Stacks": [{"Label": "%1$s"}],
         "Targets": [{"Label": "sim", "Namespace": "SIM"}],
         "Resources": [
           {"Label": "dlq", "Type": "AWS::SQS::Queue", "Properties": {"QueueName": "%1$s-dlq"}},
           {"Label": "events", "Type": "AWS::SQS::Queue",
            "Properties": {"QueueName": "%1$s-events", "RedrivePolicy": {"maxReceiveCount": 5,
              "deadLetterTargetArn": {"$res": true, "$label": "dlq", "$property": "Arn"}}}},
           {"Label": "alerts", "Type": "AWS::SNS::Topic",
            "Properties": {"TopicName": "%1$s-alerts", "Subscription": [{"Protocol": "sqs",
              "Endpoint": {"$res": true, "$label": "events", "$property": "Arn"}}]}}]}
        """
        .formatted(stack);
  }

  Forma read(String json) {
    return FormaReader.of(plugins.schemas(), ResourceLookup.NONE)
        .readString(json, InputFormat.JSON, "test")
        .orThrow();
  }

  static BridgeActor.SubmitRequest apply(Forma forma) {
    return new BridgeActor.SubmitRequest(
        CommandKind.APPLY, PlanMode.RECONCILE, OnDependents.ABORT, false, forma);
  }

  static BridgeActor.SubmitRequest simulate(Forma forma) {
    return new BridgeActor.SubmitRequest(
        CommandKind.APPLY, PlanMode.RECONCILE, OnDependents.ABORT, true, forma);
  }
}
