package dev.forja.actors.command;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.forja.actors.EngineContext;
import dev.forja.engine.command.CommandKind;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.OnDependents;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.PlanMode;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.metrics.EngineMetrics;
import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.model.OpaqueValue;
import dev.forja.engine.model.Target;
import dev.forja.engine.plugin.PluginRegistry;
import dev.forja.engine.settings.EngineSettings;
import dev.forja.engine.store.CommandStore;
import dev.forja.engine.store.InMemoryInventoryStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.SerializationSettings;

/** Small commands built by hand, and the context a persister runs in. */
final class CommandFixtures {
  private CommandFixtures() {}

  static final Config CONFIG =
      ConfigFactory.parseResources("forja-actors.conf")
          .withFallback(PersistenceTestKitPlugin.config())
          .withFallback(PersistenceTestKitSnapshotPlugin.config())
          .withFallback(ConfigFactory.load());

  /**
   * Events and state are checked for serialization: they go to the journal and snapshots. Commands
   * and their replies are not: they never leave the JVM, and their replies ({@code StatusReply} of
   * engine types, a plain {@code Set}) have no serializer.
   */
  static final SerializationSettings JOURNAL_SERIALIZATION =
      EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyCommands(false);

  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  static final String SECRET = "hunter2";
  static final Target TARGET =
      new Target("sim-eu", "SIM", JsonNodeFactory.instance.objectNode().put("Region", "eu"), false);

  static String freshId() {
    return "cmd-" + UUID.randomUUID();
  }

  static String freshKsuid() {
    return "res-" + UUID.randomUUID();
  }

  /** A context whose persister snapshots every {@code snapshotEvery} events (or per update). */
  static EngineContext context(CommandStore commands, int snapshotEvery) {
    EngineSettings settings =
        EngineSettings.defaults().toBuilder().persisterSnapshotEvery(snapshotEvery).build();
    return new EngineContext(
        settings,
        PluginRegistry.of(List.of()),
        new InMemoryInventoryStore(),
        commands,
        Clock.fixed(NOW, ZoneOffset.UTC),
        CommandFixtures::freshKsuid,
        new SplittableRandom(1),
        EngineMetrics.NONE);
  }

  static FormaCommand command(String id, ResourceUpdate... updates) {
    return new FormaCommand(
        id,
        CommandKind.APPLY,
        PlanMode.RECONCILE,
        OnDependents.ABORT,
        CommandState.NOT_STARTED,
        NOW,
        null,
        List.of(updates));
  }

  static ResourceUpdate creating(String label) {
    return planned(freshKsuid(), label, Operation.CREATE);
  }

  static ResourceUpdate updating(String label) {
    return planned(freshKsuid(), label, Operation.UPDATE);
  }

  static ResourceUpdate replacing(String label) {
    return planned(freshKsuid(), label, Operation.REPLACE);
  }

  static ResourceUpdate deleting(String label) {
    return planned(freshKsuid(), label, Operation.DELETE);
  }

  static ResourceUpdate planned(String ksuid, String label, Operation op) {
    InventoryResource prior =
        op == Operation.CREATE
            ? null
            : new InventoryResource(
                ksuid,
                "web",
                label,
                "Sim::Bucket",
                TARGET.label(),
                "native-" + label,
                true,
                desired(label),
                JsonNodeFactory.instance.objectNode().put("Arn", "arn:sim:" + label));
    ObjectNode desired = op == Operation.DELETE ? null : desired(label);
    return ResourceUpdate.planned(
        ksuid, "web", label, "Sim::Bucket", TARGET.label(), op, desired, prior, null, false);
  }

  /** Desired properties holding a secret, which must never leave the persister in clear. */
  static ObjectNode desired(String label) {
    ObjectNode n = JsonNodeFactory.instance.objectNode().put("Name", label);
    n.set("Password", new OpaqueValue(JsonNodeFactory.instance.textNode(SECRET), null).toJson());
    return n;
  }

  static ObjectNode cloudProperties(String label) {
    return JsonNodeFactory.instance.objectNode().put("Name", label).put("Arn", "arn:sim:" + label);
  }
}
