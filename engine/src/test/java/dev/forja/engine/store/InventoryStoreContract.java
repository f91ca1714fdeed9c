package dev.forja.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.model.OpaqueValue;
import dev.forja.engine.model.ResolvedRef;
import dev.forja.engine.model.ResourceKey;
import dev.forja.engine.model.Target;
import dev.forja.engine.plan.Inventory;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link InventoryStore} contract, written once and run against every store: in memory here,
 * SQLite and PostgreSQL in the persistence module (through this module's test-jar).
 *
 * <p>Each test gets a store from {@link #newStore()} and uses fresh KSUIDs and stack names, so
 * tests run in any order.
 */
public abstract class InventoryStoreContract {
  protected static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** A new, empty store; a database-backed one may share its database if it empties it first. */
  protected abstract InventoryStore newStore();

  private InventoryStore store;
  private String run;

  @BeforeEach
  void openStore() {
    store = newStore();
    run = UUID.randomUUID().toString().substring(0, 8);
  }

  /** A fresh KSUID-like id, unique per test run. */
  protected static String freshKsuid() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  /** A stack name unique to this test. */
  protected String stack(String name) {
    return name + "-" + run;
  }

  /** A managed resource with one property and one read-only output. */
  protected InventoryResource resource(String stack, String label, String type, String target) {
    ObjectNode props = NODES.objectNode().put("Name", label);
    ObjectNode outputs = NODES.objectNode().put("Arn", "arn:" + label);
    return new InventoryResource(
        freshKsuid(), stack, label, type, target, "id-" + label, true, props, outputs);
  }

  private static InventoryResource withLabel(InventoryResource r, String label) {
    return new InventoryResource(
        r.ksuid(),
        r.stack(),
        label,
        r.type(),
        r.target(),
        r.nativeId(),
        r.managed(),
        r.properties(),
        r.readOnlyProperties());
  }

  // ---- rows ----

  @Test
  void storesARowAndFindsItByKsuid() {
    InventoryResource r = resource(stack("app"), "bucket", "AWS::S3::Bucket", "local");

    store.put(r);

    assertThat(store.byKsuid(r.ksuid())).contains(r);
    assertThat(store.byKsuid(freshKsuid())).isEmpty();
  }

  @Test
  void keepsEveryKindOfPropertyValueAndNullNativeIdAndUnmanagedFlag() {
    ObjectNode props = NODES.objectNode();
    props.put("Text", "héllo \"quoted\"");
    props.put("Number", 42);
    props.put("Decimal", 1.5);
    props.put("Flag", false);
    props.putNull("Nothing");
    props.putArray("List").add("a").add(NODES.objectNode().put("Key", "k"));
    props.set("Ref", new ResolvedRef(freshKsuid(), "/Arn", NODES.textNode("arn:x")).toJson());
    props.set("Secret", OpaqueValue.redacted().put("$digest", "sha256:00:ff"));
    InventoryResource r =
        new InventoryResource(
            freshKsuid(),
            stack("app"),
            "found",
            "AWS::S3::Bucket",
            "local",
            null,
            false,
            props,
            NODES.objectNode().putObject("Nested").put("Deep", true));

    store.put(r);

    InventoryResource back = store.byKsuid(r.ksuid()).orElseThrow();
    assertThat(back).isEqualTo(r);
    assertThat(back.nativeId()).isNull();
    assertThat(back.managed()).isFalse();
  }

  @Test
  void keepsItsOwnCopyOfWhatItWasGiven() {
    InventoryResource r = resource(stack("app"), "bucket", "AWS::S3::Bucket", "local");
    store.put(r);

    r.properties().put("Name", "changed behind the store's back");

    assertThat(store.byKsuid(r.ksuid()).orElseThrow().properties().get("Name").asText())
        .isEqualTo("bucket");
  }

  @Test
  void replacesTheRowWithTheSameKsuidAndFreesItsOldKey() {
    InventoryResource r = resource(stack("app"), "old-name", "AWS::S3::Bucket", "local");
    store.put(r);

    InventoryResource renamed = withLabel(r, "new-name");
    store.put(renamed);
    InventoryResource other = resource(r.stack(), "old-name", "AWS::S3::Bucket", "local");
    store.put(other);

    assertThat(store.byKsuid(r.ksuid())).contains(renamed);
    assertThat(store.query(InventoryQuery.parse("stack:" + r.stack())))
        .extracting(InventoryResource::ksuid)
        .containsExactly(renamed.ksuid(), other.ksuid());
  }

  @Test
  void refusesASecondKsuidForAStackAndLabelAlreadyHeld() {
    InventoryResource r = resource(stack("app"), "bucket", "AWS::S3::Bucket", "local");
    store.put(r);
    InventoryResource twin = resource(r.stack(), "bucket", "AWS::S3::Bucket", "local");

    assertThatThrownBy(() -> store.put(twin))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(r.key().toString());
    assertThat(store.byKsuid(twin.ksuid())).isEmpty();
    assertThat(store.byKsuid(r.ksuid())).contains(r);
  }

  @Test
  void removesARowAndIgnoresRemovingAnAbsentOne() {
    InventoryResource r = resource(stack("app"), "bucket", "AWS::S3::Bucket", "local");
    store.put(r);

    store.remove(r.ksuid());
    store.remove(r.ksuid());
    store.remove(freshKsuid());

    assertThat(store.byKsuid(r.ksuid())).isEmpty();
    assertThat(store.query(InventoryQuery.ALL)).isEmpty();
  }

  // ---- queries ----

  @Test
  void queriesFilterByTheParsedTermsAndOrderByStackThenLabel() {
    String b = stack("b");
    String a = stack("a");
    InventoryResource bQueue = resource(b, "queue", "AWS::SQS::Queue", "eu");
    InventoryResource aZeta = resource(a, "zeta", "AWS::S3::Bucket", "eu");
    InventoryResource aAlpha = resource(a, "alpha", "AWS::S3::Bucket", "us");
    InventoryResource bBucket = resource(b, "bucket", "AWS::S3::Bucket", "eu");
    List.of(bQueue, aZeta, aAlpha, bBucket).forEach(store::put);

    assertThat(store.query(InventoryQuery.ALL)).containsExactly(aAlpha, aZeta, bBucket, bQueue);
    assertThat(store.query(InventoryQuery.parse("type:AWS::S3::Bucket target:eu")))
        .containsExactly(aZeta, bBucket);
    assertThat(store.query(InventoryQuery.parse("label:*e* stack:" + b + "," + a)))
        .containsExactly(aZeta, bBucket, bQueue);
    assertThat(store.query(InventoryQuery.parse("stack:nowhere-" + a))).isEmpty();
  }

  @Test
  void queriesTellManagedFromDiscoveredResources() {
    InventoryResource managed = resource(stack("app"), "managed", "AWS::S3::Bucket", "local");
    InventoryResource r = resource(managed.stack(), "found", "AWS::S3::Bucket", "local");
    InventoryResource found =
        new InventoryResource(
            r.ksuid(), r.stack(), r.label(), r.type(), r.target(), r.nativeId(), false, null, null);
    store.put(managed);
    store.put(found);

    assertThat(store.query(InventoryQuery.parse("managed:true"))).containsExactly(managed);
    assertThat(store.query(InventoryQuery.parse("managed:FALSE"))).containsExactly(found);
  }

  // ---- snapshots ----

  @Test
  void aSnapshotServesThePlannerAndIgnoresLaterWrites() {
    String app = stack("app");
    InventoryResource bucket = resource(app, "bucket", "AWS::S3::Bucket", "local");
    ObjectNode props = NODES.objectNode();
    props.set("Bucket", new ResolvedRef(bucket.ksuid(), "/Name", null).toJson());
    InventoryResource policy =
        new InventoryResource(
            freshKsuid(), app, "policy", "AWS::S3::BucketPolicy", "local", "p", true, props, null);
    store.put(bucket);
    store.put(policy);

    Inventory snapshot = store.snapshot();
    store.remove(bucket.ksuid());
    store.put(resource(app, "late", "AWS::S3::Bucket", "local"));

    assertThat(snapshot.all()).containsExactlyInAnyOrder(bucket, policy);
    assertThat(snapshot.find(new ResourceKey(app, "bucket"))).contains(bucket);
    assertThat(snapshot.byKsuid(policy.ksuid())).contains(policy);
    assertThat(snapshot.inStack(app)).containsExactly(bucket, policy);
    assertThat(snapshot.referencing(bucket.ksuid())).containsExactly(policy);
    assertThat(store.snapshot().all()).hasSize(2).doesNotContain(bucket);
  }

  @Test
  void concurrentWritersAndSnapshotsNeverSeeABrokenInventory() throws Exception {
    int writers = 4;
    int rowsEach = 50;
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      String s = stack("w" + w);
      tasks.add(
          () -> {
            for (int i = 0; i < rowsEach; i++) {
              InventoryResource r = resource(s, "r" + i, "AWS::S3::Bucket", "local");
              store.put(r);
              store.put(withLabel(r, "moved" + i));
            }
            return rowsEach;
          });
      tasks.add(
          () -> {
            int seen = 0;
            for (int i = 0; i < rowsEach; i++) {
              seen = Math.max(seen, store.snapshot().all().size());
            }
            return seen;
          });
    }
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      for (Future<Integer> f : pool.invokeAll(tasks)) {
        assertThat(f.get()).isBetween(0, writers * rowsEach);
      }
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(store.snapshot().all()).hasSize(writers * rowsEach);
    assertThat(store.query(InventoryQuery.parse("label:r*"))).isEmpty();
  }

  // ---- targets and stacks ----

  @Test
  void storesTargetsReplacingByLabelAndListsThemByLabel() {
    Target eu = new Target("eu-" + run, "aws", NODES.objectNode().put("Region", "eu-west-1"), true);
    Target us =
        new Target("us-" + run, "AWS", NODES.objectNode().put("Region", "us-east-1"), false);
    Target euAgain =
        new Target(eu.label(), "AWS", NODES.objectNode().put("Region", "eu-central-1"), false);

    store.putTargets(List.of(us, eu));
    store.putTargets(List.of(euAgain));

    assertThat(store.target(eu.label())).contains(euAgain);
    assertThat(store.target("nowhere-" + run)).isEmpty();
    assertThat(store.targets()).containsExactly(euAgain, us);
    assertThat(store.targets().get(1).namespace()).isEqualTo("AWS");
  }

  @Test
  void listsEachStackHoldingAResourceOnceInOrder() {
    String b = stack("b");
    String a = stack("a");
    InventoryResource last = resource(a, "only", "AWS::S3::Bucket", "local");
    store.put(resource(b, "one", "AWS::S3::Bucket", "local"));
    store.put(resource(b, "two", "AWS::S3::Bucket", "local"));
    store.put(last);

    assertThat(store.stacks()).containsExactly(a, b);

    store.remove(last.ksuid());

    assertThat(store.stacks()).containsExactly(b);
  }
}
