package dev.forja.actors.bridge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.actors.bridge.BridgeActor;
import dev.forja.actors.command.GraphEdge;
import dev.forja.engine.command.CommandKind;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.OnDependents;
import dev.forja.engine.command.PlanMode;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.input.FormaReader;
import dev.forja.engine.input.InputFormat;
import dev.forja.engine.input.ResourceLookup;
import dev.forja.engine.model.Forma;
import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.model.Ksuid;
import dev.forja.engine.model.Resource;
import dev.forja.engine.model.ResourceKey;
import dev.forja.engine.model.Stack;
import dev.forja.engine.model.Target;
import dev.forja.engine.plugin.PluginRegistry;
import dev.forja.engine.store.InMemoryInventoryStore;
import dev.forja.plugin.sim.SimPlugin;
import dev.forja.plugin.sim.cloud.SimCloud;
import dev.forja.plugin.sim.cloud.SimSettings;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionTest {
  private static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final PluginRegistry plugins =
      PluginRegistry.of(List.of(new SimPlugin(SimCloud.inMemory(SimSettings.IDEAL))));
  private final InMemoryInventoryStore inventory = new InMemoryInventoryStore();
  private final Admission admission =
      new Admission(plugins, inventory, Ksuid.generator(), Clock.fixed(NOW, ZoneOffset.UTC));

  /** Queue {@code events} feeds its dead letters to queue {@code dlq}, in stack {@code app}. */
  private static final String QUEUES =
      """
      {"Stacks": [{"Label": "app"}],
       "Targets": [{"Label": "sim", "Namespace": "SIM"}],
       "Resources": [
         {"Label": "dlq", "Type": "AWS::SQS::Queue", "Properties": {"QueueName": "dlq"}},
         {"Label": "events", "Type": "AWS::SQS::Queue",
          "Properties": {"QueueName": "events", "RedrivePolicy": {"maxReceiveCount": 5,
            "deadLetterTargetArn": {"$res": true, "$label": "dlq", "$property": "Arn"}}}}]}
      """;

  private static final String EVENTS_ONLY =
      """
      {"Stacks": [{"Label": "app"}],
       "Targets": [{"Label": "sim", "Namespace": "SIM"}],
       "Resources": [
         {"Label": "events", "Type": "AWS::SQS::Queue", "Properties": {"QueueName": "events"}}]}
      """;

  private Forma read(String json) {
    return FormaReader.of(plugins.schemas(), ResourceLookup.NONE)
        .readString(json, InputFormat.JSON, "test")
        .orThrow();
  }

  private static BridgeActor.SubmitRequest apply(Forma forma, boolean simulate) {
    return new BridgeActor.SubmitRequest(
        CommandKind.APPLY, PlanMode.RECONCILE, OnDependents.ABORT, simulate, forma);
  }

  @Test
  void draftsACommandWithEveryUpdateNotStartedAndHoldsItsResources() {
    Admission.Decision d = admission.decide(apply(read(QUEUES), false));

    assertThat(d.reply()).isNull();
    var command = d.draft().command();
    assertThat(command.state()).isEqualTo(CommandState.NOT_STARTED);
    assertThat(command.startTs()).isEqualTo(NOW);
    assertThat(command.updates()).extracting(u -> u.state()).containsOnly(UpdateState.NOT_STARTED);
    assertThat(d.draft().targets()).extracting(Target::label).containsExactly("sim");
    assertThat(admission.holderOf(new ResourceKey("app", "events"))).contains(command.id());
    assertThat(admission.holderOf(new ResourceKey("app", "dlq"))).contains(command.id());
  }

  @Test
  void edgesAreTheGraphsDependenciesByNodeId() {
    Admission.Draft draft = admission.decide(apply(read(QUEUES), false)).draft();

    // Forma order: dlq is update and node 0, events node 1, which waits for dlq's Arn.
    assertThat(draft.edges()).containsExactly(new GraphEdge(1, 0));
    assertThat(Admission.edges(draft.changeset().graph())).isEqualTo(draft.edges());
  }

  @Test
  void conflictNamesTheUnfinishedCommandAndTheSharedResourcesOnly() {
    String first = admission.decide(apply(read(QUEUES), false)).draft().command().id();

    BridgeActor.SubmitReply reply = admission.decide(apply(read(EVENTS_ONLY), false)).reply();

    assertThat(reply)
        .isEqualTo(new BridgeActor.Conflict(first, List.of(new ResourceKey("app", "events"))));
  }

  @Test
  void releasedResourcesCanBeAdmittedAgain() {
    String first = admission.decide(apply(read(QUEUES), false)).draft().command().id();
    admission.release(first);

    Admission.Decision again = admission.decide(apply(read(EVENTS_ONLY), false));

    assertThat(again.draft()).isNotNull();
    assertThat(admission.holderOf(new ResourceKey("app", "dlq"))).isEmpty();
  }

  @Test
  void simulationAnswersThePlanAndHoldsNothing() {
    BridgeActor.SubmitReply reply = admission.decide(apply(read(QUEUES), true)).reply();

    assertThat(reply).isInstanceOf(BridgeActor.Simulated.class);
    assertThat(((BridgeActor.Simulated) reply).changeset().updates()).hasSize(2);
    assertThat(admission.holderOf(new ResourceKey("app", "events"))).isEmpty();
  }

  @Test
  void noChangesWhenTheInventoryAlreadyMatches() {
    ObjectNode props = NODES.objectNode().put("QueueName", "events");
    inventory.put(
        new InventoryResource(
            Ksuid.generator().get(),
            "app",
            "events",
            "AWS::SQS::Queue",
            "sim",
            "https://sqs/events",
            true,
            props,
            null));

    assertThat(admission.decide(apply(read(EVENTS_ONLY), false)).reply())
        .isEqualTo(new BridgeActor.NoChanges());
  }

  @Test
  void aReferenceToNothingIsInvalidAndNamesTheResource() {
    ObjectNode ref = NODES.objectNode().put("$res", true).put("$label", "nowhere");
    ref.put("$property", "Arn");
    ObjectNode props = NODES.objectNode().put("QueueName", "q");
    props.set("RedrivePolicy", NODES.objectNode().set("deadLetterTargetArn", ref));
    Forma forma =
        new Forma(
            null,
            List.of(new Stack("app", null)),
            List.of(new Target("sim", "SIM", null, false)),
            List.of(new Resource("q", "AWS::SQS::Queue", "app", "sim", props)));

    BridgeActor.SubmitReply reply = admission.decide(apply(forma, false)).reply();

    assertThat(reply).isInstanceOf(BridgeActor.Invalid.class);
    assertThat(((BridgeActor.Invalid) reply).problems())
        .singleElement()
        .asString()
        .contains("app/q", "app/nowhere");
  }

  @Test
  void aTargetNoPluginServesIsInvalidAndNamesTheNamespace() {
    Forma forma = read(EVENTS_ONLY.replace("\"SIM\"", "\"AWS\""));

    BridgeActor.SubmitReply reply = admission.decide(apply(forma, false)).reply();

    assertThat(reply).isInstanceOf(BridgeActor.Invalid.class);
    assertThat(((BridgeActor.Invalid) reply).problems())
        .singleElement()
        .asString()
        .contains("namespace AWS", "SIM");
  }

  @Test
  void aDestroyMustBePlannedInModeDestroy() {
    var request =
        new BridgeActor.SubmitRequest(
            CommandKind.DESTROY, PlanMode.RECONCILE, OnDependents.ABORT, false, read(QUEUES));

    BridgeActor.SubmitReply reply = admission.decide(request).reply();

    assertThat(reply).isInstanceOf(BridgeActor.Invalid.class);
    assertThat(((BridgeActor.Invalid) reply).problems())
        .singleElement()
        .asString()
        .contains("mode");
  }
}
