package dev.forja.actors.resource;

import static dev.forja.actors.resource.UpdaterRig.QUEUE;
import static dev.forja.actors.resource.UpdaterRig.TARGET;
import static dev.forja.actors.resource.UpdaterRig.freshKsuid;
import static dev.forja.actors.resource.UpdaterRig.queue;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.model.OpaqueValue;
import dev.forja.engine.model.Target;
import dev.forja.engine.plan.Inventory;
import dev.forja.engine.store.InMemoryInventoryStore;
import dev.forja.engine.store.InventoryQuery;
import dev.forja.engine.store.InventoryStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ResourcePersisterTest {
  private static final ActorTestKit testKit = ActorTestKit.create(UpdaterRig.CONFIG);

  private final RecordingStore store = new RecordingStore(new InMemoryInventoryStore());
  private final ActorRef<ResourcePersister.Command> persister =
      testKit.spawn(ResourcePersister.create(store));
  private final TestProbe<StatusReply<Done>> replies = testKit.createTestProbe();

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  private static InventoryResource row(String ksuid, String nativeId) {
    return new InventoryResource(
        ksuid, "stack", "q-" + ksuid, QUEUE, TARGET.label(), nativeId, true, queue(ksuid), null);
  }

  @Test
  void appliesWritesToOneResourceInTheOrderTheyArrived() {
    String ksuid = freshKsuid();
    int writes = 50;
    for (int i = 0; i < writes; i++) {
      persister.tell(new ResourcePersister.Upsert(row(ksuid, "id-" + i), replies.ref()));
    }
    persister.tell(new ResourcePersister.Remove(ksuid, replies.ref()));
    persister.tell(new ResourcePersister.Upsert(row(ksuid, "last"), replies.ref()));

    assertThat(replies.receiveSeveralMessages(writes + 2)).allMatch(StatusReply::isSuccess);
    assertThat(store.byKsuid(ksuid).orElseThrow().nativeId()).isEqualTo("last");
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < writes; i++) {
      expected.add("put " + ksuid + " id-" + i);
    }
    expected.add("remove " + ksuid);
    expected.add("put " + ksuid + " last");
    assertThat(store.writes).containsExactlyElementsOf(expected);
  }

  @Test
  void storesSecretsOnlyAsSaltedDigestsThatStillMatchTheirClearValue() {
    String ksuid = freshKsuid();
    ObjectNode props = queue(ksuid);
    props.set("Token", new OpaqueValue(TextNode.valueOf("s3cr3t"), null).toJson());
    InventoryResource withSecret =
        new InventoryResource(ksuid, "stack", "q", QUEUE, TARGET.label(), "id", true, props, null);

    persister.tell(new ResourcePersister.Upsert(withSecret, replies.ref()));

    assertThat(replies.receiveMessage().isSuccess()).isTrue();
    JsonNode stored = store.byKsuid(ksuid).orElseThrow().properties().get("Token");
    assertThat(stored.toString()).doesNotContain("s3cr3t");
    OpaqueValue digest = OpaqueValue.from(stored).orElseThrow();
    assertThat(digest.value()).isNull();
    assertThat(digest.sameSecret(new OpaqueValue(TextNode.valueOf("s3cr3t"), null))).isTrue();
    assertThat(digest.sameSecret(new OpaqueValue(TextNode.valueOf("other"), null))).isFalse();
  }

  @Test
  void writesOnTheStoreDispatcher() {
    persister.tell(new ResourcePersister.PutTargets(List.of(TARGET), replies.ref()));

    assertThat(replies.receiveMessage().isSuccess()).isTrue();
    assertThat(store.target(TARGET.label())).contains(TARGET);
    assertThat(store.threads).singleElement().asString().contains("store-dispatcher");
  }

  @Test
  void answersAFailedWriteWithAnErrorAndGoesOnWriting() {
    String ksuid = freshKsuid();
    persister.tell(new ResourcePersister.Upsert(row(ksuid, RecordingStore.BROKEN), replies.ref()));
    persister.tell(new ResourcePersister.Upsert(row(ksuid, "fine"), replies.ref()));

    StatusReply<Done> failed = replies.receiveMessage();
    assertThat(failed.isError()).isTrue();
    assertThat(failed.getError().getMessage()).contains("disk full");
    assertThat(replies.receiveMessage().isSuccess()).isTrue();
    assertThat(store.byKsuid(ksuid).orElseThrow().nativeId()).isEqualTo("fine");
  }

  /** An in-memory store that logs each write and its thread, and fails rows named BROKEN. */
  private static final class RecordingStore implements InventoryStore {
    static final String BROKEN = "broken";
    private final InventoryStore inner;
    final List<String> writes = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();

    RecordingStore(InventoryStore inner) {
      this.inner = inner;
    }

    @Override
    public Inventory snapshot() {
      return inner.snapshot();
    }

    @Override
    public Optional<InventoryResource> byKsuid(String ksuid) {
      return inner.byKsuid(ksuid);
    }

    @Override
    public List<InventoryResource> query(InventoryQuery query) {
      return inner.query(query);
    }

    @Override
    public void put(InventoryResource resource) {
      threads.add(Thread.currentThread().getName());
      if (BROKEN.equals(resource.nativeId())) {
        throw new IllegalStateException("disk full");
      }
      writes.add("put " + resource.ksuid() + " " + resource.nativeId());
      inner.put(resource);
    }

    @Override
    public void remove(String ksuid) {
      threads.add(Thread.currentThread().getName());
      writes.add("remove " + ksuid);
      inner.remove(ksuid);
    }

    @Override
    public void putTargets(Collection<Target> targets) {
      threads.add(Thread.currentThread().getName());
      inner.putTargets(targets);
    }

    @Override
    public Optional<Target> target(String label) {
      return inner.target(label);
    }

    @Override
    public List<Target> targets() {
      return inner.targets();
    }

    @Override
    public List<String> stacks() {
      return inner.stacks();
    }
  }
}
