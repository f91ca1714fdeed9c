package dev.forja.actors.changeset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.forja.actors.changeset.ResolveCache.Lookup;
import dev.forja.actors.changeset.ResolveCache.Put;
import dev.forja.actors.changeset.ResolveCache.Values;
import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.model.Target;
import dev.forja.engine.plan.Inventory;
import dev.forja.engine.store.InMemoryInventoryStore;
import dev.forja.engine.store.InventoryQuery;
import dev.forja.engine.store.InventoryStore;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ResolveCacheTest {
  private static final Config CONFIG =
      ConfigFactory.parseResources("forja-actors.conf")
          .withFallback(PersistenceTestKitPlugin.config())
          .withFallback(PersistenceTestKitSnapshotPlugin.config())
          .withFallback(ConfigFactory.load());
  private static final ActorTestKit testKit = ActorTestKit.create(CONFIG);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final CountingStore store = new CountingStore(new InMemoryInventoryStore());
  private final ActorRef<ResolveCache.Command> cache = testKit.spawn(ResolveCache.create(store));
  private final TestProbe<Values> probe = testKit.createTestProbe(Values.class);

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @Test
  void answersAPutResourceWithoutReadingTheStore() {
    String ksuid = freshKsuid();
    cache.tell(new Put(ksuid, json("{\"BucketName\":\"logs\",\"Arn\":\"arn:aws:s3:::logs\"}")));

    cache.tell(new Lookup(ksuid, probe.ref()));

    Values values = probe.receiveMessage();
    assertEquals(
        new Values(ksuid, json("{\"BucketName\":\"logs\",\"Arn\":\"arn:aws:s3:::logs\"}"), null),
        values);
    assertEquals(0, store.reads(ksuid));
  }

  @Test
  void loadsAMissOnceForLookupsThatArriveWhileItLoads() {
    String ksuid = freshKsuid();
    store.put(row(ksuid, "{\"Name\":\"vpc\"}", "{\"VpcId\":\"vpc-1\"}"));
    CountDownLatch gate = store.hold(ksuid);
    TestProbe<Values> other = testKit.createTestProbe(Values.class);

    cache.tell(new Lookup(ksuid, probe.ref()));
    cache.tell(new Lookup(ksuid, other.ref()));
    awaitProcessed();
    gate.countDown();

    ObjectNode expected = json("{\"Name\":\"vpc\",\"VpcId\":\"vpc-1\"}");
    assertEquals(new Values(ksuid, expected, null), probe.receiveMessage());
    assertEquals(new Values(ksuid, expected, null), other.receiveMessage());
    cache.tell(new Lookup(ksuid, probe.ref()));
    assertEquals(new Values(ksuid, expected, null), probe.receiveMessage());
    assertEquals(1, store.reads(ksuid));
  }

  @Test
  void laysReadOnlyPropertiesOverPropertiesAsACopy() {
    String ksuid = freshKsuid();
    InventoryResource stored =
        row(
            ksuid,
            "{\"Name\":\"role\",\"Arn\":\"desired\",\"Tags\":{\"team\":\"a\"}}",
            "{\"Arn\":\"arn:aws:iam::1:role/role\",\"RoleId\":\"AROA1\"}");
    store.put(stored);

    cache.tell(new Lookup(ksuid, probe.ref()));
    ObjectNode values = probe.receiveMessage().values();

    assertEquals(
        json(
            "{\"Name\":\"role\",\"Arn\":\"arn:aws:iam::1:role/role\",\"Tags\":{\"team\":\"a\"},"
                + "\"RoleId\":\"AROA1\"}"),
        values);
    // The reply is the caller's own: changing it changes neither the cache nor the store.
    ((ObjectNode) values.get("Tags")).put("team", "b");
    values.put("Arn", "changed");
    cache.tell(new Lookup(ksuid, probe.ref()));
    assertEquals("a", probe.receiveMessage().values().path("Tags").path("team").asText());
    assertEquals(stored, store.byKsuid(ksuid).orElseThrow());
  }

  @Test
  void reportsAResourceMissingFromTheInventoryAndLooksAgainLater() {
    String ksuid = freshKsuid();

    cache.tell(new Lookup(ksuid, probe.ref()));
    assertEquals(
        new Values(ksuid, null, "no resource " + ksuid + " in the inventory"),
        probe.receiveMessage());

    // Absence is not cached: the row may be written later by this command's own updates.
    store.put(row(ksuid, "{\"Name\":\"late\"}", "{}"));
    cache.tell(new Lookup(ksuid, probe.ref()));
    assertEquals(new Values(ksuid, json("{\"Name\":\"late\"}"), null), probe.receiveMessage());
    assertEquals(2, store.reads(ksuid));
  }

  @Test
  void reportsAStoreFailureAndReadsAgainOnTheNextLookup() {
    String ksuid = freshKsuid();
    store.put(row(ksuid, "{\"Name\":\"flaky\"}", "{}"));
    store.failNextRead(ksuid);

    cache.tell(new Lookup(ksuid, probe.ref()));
    Values failed = probe.receiveMessage();
    assertNull(failed.values());
    assertEquals(
        "could not load resource " + ksuid + ": java.lang.IllegalStateException: store down",
        failed.error());

    cache.tell(new Lookup(ksuid, probe.ref()));
    assertEquals(new Values(ksuid, json("{\"Name\":\"flaky\"}"), null), probe.receiveMessage());
    assertEquals(2, store.reads(ksuid));
  }

  @Test
  void keepsAPutThatArrivesWhileTheStoreRowLoads() {
    String ksuid = freshKsuid();
    store.put(row(ksuid, "{\"Name\":\"old\"}", "{}"));
    CountDownLatch gate = store.hold(ksuid);

    cache.tell(new Lookup(ksuid, probe.ref()));
    cache.tell(new Put(ksuid, json("{\"Name\":\"new\",\"Id\":\"i-2\"}")));
    awaitProcessed();
    gate.countDown();

    ObjectNode expected = json("{\"Name\":\"new\",\"Id\":\"i-2\"}");
    assertEquals(new Values(ksuid, expected, null), probe.receiveMessage());
    cache.tell(new Lookup(ksuid, probe.ref()));
    assertEquals(new Values(ksuid, expected, null), probe.receiveMessage());
  }

  @Test
  void replacesValuesOnPut() {
    String ksuid = freshKsuid();
    cache.tell(new Put(ksuid, json("{\"Name\":\"first\"}")));
    cache.tell(new Put(ksuid, json("{\"Other\":\"second\"}")));

    cache.tell(new Lookup(ksuid, probe.ref()));

    assertEquals(new Values(ksuid, json("{\"Other\":\"second\"}"), null), probe.receiveMessage());
  }

  /**
   * Returns once the cache has handled every message sent before: a lookup of a value just put is
   * answered from memory, in mailbox order.
   */
  private void awaitProcessed() {
    String marker = freshKsuid();
    TestProbe<Values> barrier = testKit.createTestProbe(Values.class);
    cache.tell(new Put(marker, json("{}")));
    cache.tell(new Lookup(marker, barrier.ref()));
    barrier.receiveMessage();
  }

  private static String freshKsuid() {
    return "ksuid-" + UUID.randomUUID();
  }

  private static InventoryResource row(String ksuid, String properties, String readOnly) {
    return new InventoryResource(
        ksuid,
        "stack",
        "label-" + ksuid,
        "AWS::Test::Thing",
        "target",
        "native-" + ksuid,
        true,
        json(properties),
        json(readOnly));
  }

  private static ObjectNode json(String text) {
    try {
      return (ObjectNode) MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An inventory that counts reads by KSUID and can hold a read until the test lets it go. */
  private static final class CountingStore implements InventoryStore {
    private final InventoryStore delegate;
    private final ConcurrentHashMap<String, AtomicInteger> reads = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CountDownLatch> gates = new ConcurrentHashMap<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();

    CountingStore(InventoryStore delegate) {
      this.delegate = delegate;
    }

    int reads(String ksuid) {
      AtomicInteger count = reads.get(ksuid);
      return count == null ? 0 : count.get();
    }

    /** Holds every read of {@code ksuid} until the returned latch is counted down. */
    CountDownLatch hold(String ksuid) {
      CountDownLatch gate = new CountDownLatch(1);
      gates.put(ksuid, gate);
      return gate;
    }

    /** Makes the next read of {@code ksuid} throw, as a database that is down would. */
    void failNextRead(String ksuid) {
      failing.add(ksuid);
    }

    @Override
    public Optional<InventoryResource> byKsuid(String ksuid) {
      reads.computeIfAbsent(ksuid, k -> new AtomicInteger()).incrementAndGet();
      if (failing.remove(ksuid)) {
        throw new IllegalStateException("store down");
      }
      CountDownLatch gate = gates.get(ksuid);
      if (gate != null) {
        try {
          if (!gate.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test never released the read of " + ksuid);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      return delegate.byKsuid(ksuid);
    }

    @Override
    public Inventory snapshot() {
      return delegate.snapshot();
    }

    @Override
    public List<InventoryResource> query(InventoryQuery query) {
      return delegate.query(query);
    }

    @Override
    public void put(InventoryResource resource) {
      delegate.put(resource);
    }

    @Override
    public void remove(String ksuid) {
      delegate.remove(ksuid);
    }

    @Override
    public void putTargets(Collection<Target> targets) {
      delegate.putTargets(targets);
    }

    @Override
    public Optional<Target> target(String label) {
      return delegate.target(label);
    }

    @Override
    public List<Target> targets() {
      return delegate.targets();
    }

    @Override
    public List<String> stacks() {
      return delegate.stacks();
    }
  }
}
