package dev.forja.actors.resource;

import static dev.forja.actors.resource.UpdaterRig.createUpdate;
import static dev.forja.actors.resource.UpdaterRig.freshKsuid;
import static dev.forja.actors.resource.UpdaterRig.json;
import static dev.forja.actors.resource.UpdaterRig.queue;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.actors.command.FormaCommandPersister.RecordAttempt;
import dev.forja.actors.command.FormaCommandPersister.RecordFinished;
import dev.forja.actors.command.NodeKey;
import dev.forja.actors.resource.internal.NodeCalls;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.plugin.ErrorCodes;
import dev.forja.plugin.sim.cloud.SimResource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** One node run to its end through the simulator: create, update, delete, replace, references. */
class ResourceUpdaterTest {
  private static final ActorTestKit testKit = ActorTestKit.create(UpdaterRig.CONFIG);

  private final UpdaterRig rig = new UpdaterRig(testKit);

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  private ResourceUpdater.Ended ended(String ksuid, Operation node) {
    ResourceUpdater.Ended ended = rig.ended.receiveMessage();
    assertThat(ended.node()).isEqualTo(new NodeKey(ksuid, node));
    return ended;
  }

  private SimResource onlyCloudResource() {
    assertThat(rig.cloud.resources()).hasSize(1);
    return rig.cloud.resources().get(0);
  }

  @Test
  void createsRecordingTheTokenBeforeTheCallAndTheInventoryBeforeTheEnd() {
    String ksuid = freshKsuid();
    List<Integer> cloudOpsAtAttempt = new CopyOnWriteArrayList<>();
    List<Boolean> rowAtFinish = new CopyOnWriteArrayList<>();
    rig.onRecord =
        m -> {
          if (m instanceof RecordAttempt) {
            cloudOpsAtAttempt.add(rig.cloud.oplog().size());
          } else if (m instanceof RecordFinished) {
            rowAtFinish.add(rig.inventory.byKsuid(ksuid).isPresent());
          }
        };

    rig.start(rig.spec(createUpdate(ksuid, queue("orders-" + ksuid)), Operation.CREATE));

    assertThat(ended(ksuid, Operation.CREATE).state()).isEqualTo(UpdateState.SUCCESS);
    assertThat(cloudOpsAtAttempt).containsExactly(0);
    assertThat(rowAtFinish).containsExactly(true);
    // The cache put is a tell to another actor than the persister, so only its presence after the
    // token is ordered; the inventory row before the end is what rowAtFinish checks.
    rig.ended.awaitAssert(
        () -> {
          assertThat(rig.events).hasSize(4);
          assertThat(rig.events.subList(0, 2)).containsExactly("attempt", "token");
          assertThat(rig.events.subList(2, 4)).containsExactlyInAnyOrder("put", "finished");
          return null;
        });

    RecordAttempt attempt = rig.journal.expectMessageClass(RecordAttempt.class);
    assertThat(attempt.clientToken())
        .isEqualTo(NodeCalls.clientToken(rig.commandId, ksuid, Operation.CREATE, 1))
        .matches("[-A-Za-z0-9]{1,128}");
    SimResource cloud = onlyCloudResource();
    InventoryResource row = rig.inventory.byKsuid(ksuid).orElseThrow();
    assertThat(row.nativeId()).isEqualTo(cloud.identifier());
    assertThat(row.managed()).isTrue();
    assertThat(row.properties()).isEqualTo(queue("orders-" + ksuid));
    assertThat(row.readOnlyProperties().has("Arn")).isTrue();
    assertThat(row.readOnlyProperties().has("QueueName")).isFalse();
  }

  @Test
  void updatesThroughThePlannedPatchAfterReadingTheResource() {
    InventoryResource prior = rig.existingQueue("upd-" + freshKsuid());
    ObjectNode desired = prior.properties().deepCopy().put("VisibilityTimeout", 90);
    int mark = rig.cloud.oplog().size();

    rig.start(rig.spec(rig.change(Operation.UPDATE, prior, desired, true), Operation.UPDATE));

    assertThat(ended(prior.ksuid(), Operation.UPDATE).state()).isEqualTo(UpdateState.SUCCESS);
    assertThat(rig.opsSince(mark)).startsWith("Read", "Update");
    assertThat(onlyCloudResource().properties().get("VisibilityTimeout").asInt()).isEqualTo(90);
    InventoryResource row = rig.inventory.byKsuid(prior.ksuid()).orElseThrow();
    assertThat(row.properties().get("VisibilityTimeout").asInt()).isEqualTo(90);
    assertThat(row.nativeId()).isEqualTo(prior.nativeId());
  }

  @Test
  void updatesWithAPatchItComputesWhenNoneWasPlanned() {
    InventoryResource prior = rig.existingQueue("diff-" + freshKsuid());
    ObjectNode desired = prior.properties().deepCopy().put("VisibilityTimeout", 45);

    rig.start(rig.spec(rig.change(Operation.UPDATE, prior, desired, false), Operation.UPDATE));

    assertThat(ended(prior.ksuid(), Operation.UPDATE).state()).isEqualTo(UpdateState.SUCCESS);
    assertThat(onlyCloudResource().properties().get("VisibilityTimeout").asInt()).isEqualTo(45);
  }

  @Test
  void failsAnUpdateOfAResourceDeletedOutsideForjaWithoutCallingUpdate() {
    InventoryResource prior = rig.existingQueue("gone-" + freshKsuid());
    rig.cloud.outOfBandDelete(prior.type(), prior.nativeId());
    ObjectNode desired = prior.properties().deepCopy().put("VisibilityTimeout", 90);

    rig.start(rig.spec(rig.change(Operation.UPDATE, prior, desired, true), Operation.UPDATE));

    ResourceUpdater.Ended ended = ended(prior.ksuid(), Operation.UPDATE);
    assertThat(ended.state()).isEqualTo(UpdateState.FAILED);
    assertThat(ended.errorCode()).isEqualTo(ErrorCodes.NOT_FOUND);
    assertThat(ended.message()).contains("deleted outside Forja");
    assertThat(rig.events).containsExactly("finished");
  }

  @Test
  void deletesTheResourceAndItsRow() {
    InventoryResource prior = rig.existingQueue("del-" + freshKsuid());
    ResourceUpdate delete =
        ResourceUpdate.planned(
            prior.ksuid(),
            prior.stack(),
            prior.label(),
            prior.type(),
            prior.target(),
            Operation.DELETE,
            null,
            prior,
            null,
            false);

    rig.start(rig.spec(delete, Operation.DELETE));

    assertThat(ended(prior.ksuid(), Operation.DELETE).state()).isEqualTo(UpdateState.SUCCESS);
    assertThat(rig.cloud.resourceCount()).isZero();
    assertThat(rig.inventory.byKsuid(prior.ksuid())).isEmpty();
    assertThat(rig.events).containsExactly("attempt", "token", "finished");
  }

  @Test
  void replacesInTwoHalvesLeavingARowWithoutNativeIdBetweenThem() {
    InventoryResource prior = rig.existingQueue("old-" + freshKsuid());
    String newName = "new-" + freshKsuid();
    ResourceUpdate replace = rig.change(Operation.REPLACE, prior, queue(newName), true);

    rig.start(rig.spec(replace, Operation.DELETE));

    assertThat(ended(prior.ksuid(), Operation.DELETE).state()).isEqualTo(UpdateState.SUCCESS);
    assertThat(rig.cloud.resourceCount()).isZero();
    InventoryResource between = rig.inventory.byKsuid(prior.ksuid()).orElseThrow();
    assertThat(between.nativeId()).isNull();

    rig.start(rig.spec(replace, Operation.CREATE));

    assertThat(ended(prior.ksuid(), Operation.CREATE).state()).isEqualTo(UpdateState.SUCCESS);
    SimResource created = onlyCloudResource();
    assertThat(created.properties().get("QueueName").asText()).isEqualTo(newName);
    InventoryResource after = rig.inventory.byKsuid(prior.ksuid()).orElseThrow();
    assertThat(after.nativeId()).isEqualTo(created.identifier());
    assertThat(after.properties().get("QueueName").asText()).isEqualTo(newName);
  }

  @Test
  void resolvesAReferenceFromTheCacheBeforeCreating() {
    String producer = freshKsuid();
    String name = "resolved-" + freshKsuid();
    rig.cacheValues.put(producer, json("{\"Name\":\"" + name + "\"}"));
    ObjectNode desired = json("{\"QueueName\":{\"$ref\":\"forja://" + producer + "#/Name\"}}");
    String ksuid = freshKsuid();

    rig.start(rig.spec(createUpdate(ksuid, desired), Operation.CREATE));

    assertThat(ended(ksuid, Operation.CREATE).state()).isEqualTo(UpdateState.SUCCESS);
    assertThat(onlyCloudResource().properties().get("QueueName").asText()).isEqualTo(name);
    ObjectNode stored = rig.inventory.byKsuid(ksuid).orElseThrow().properties();
    assertThat(stored.get("QueueName").get("$value").asText()).isEqualTo(name);
    assertThat(stored.get("QueueName").get("$ref").asText()).contains(producer);
  }

  @Test
  void failsNamingAReferenceItCannotResolveWithoutCallingThePlugin() {
    String producer = freshKsuid();
    ObjectNode desired = json("{\"QueueName\":{\"$ref\":\"forja://" + producer + "#/Name\"}}");
    String ksuid = freshKsuid();

    rig.start(rig.spec(createUpdate(ksuid, desired), Operation.CREATE));

    ResourceUpdater.Ended ended = ended(ksuid, Operation.CREATE);
    assertThat(ended.state()).isEqualTo(UpdateState.FAILED);
    assertThat(ended.message()).contains("forja://" + producer + "#/Name", "QueueName");
    assertThat(rig.cloud.oplog()).isEmpty();
    assertThat(rig.events).containsExactly("finished");
    assertThat(rig.inventory.byKsuid(ksuid)).isEmpty();
  }
}
