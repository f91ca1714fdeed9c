package dev.forja.engine.store;

import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.model.ResourceKey;
import dev.forja.engine.model.Target;
import dev.forja.engine.plan.InMemoryInventory;
import dev.forja.engine.plan.Inventory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The inventory held in memory, for tests and for an engine embedded without a database.
 *
 * <p>One read-write lock guards all maps, so a {@link #snapshot()} never sees half of a write. The
 * store keeps its own deep copy of every row and target it is given; rows it returns are shared and
 * must not be mutated (as {@link InventoryResource} requires anyway).
 */
public final class InMemoryInventoryStore implements InventoryStore {
  private static final Comparator<InventoryResource> BY_KEY =
      Comparator.comparing(InventoryResource::key);

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, InventoryResource> byKsuid = new LinkedHashMap<>();
  private final Map<ResourceKey, String> ksuidByKey = new HashMap<>();
  private final Map<String, Target> targets = new TreeMap<>();

  @Override
  public Inventory snapshot() {
    // Copy under the lock, index outside it: indexing 20,000 rows must not block the writer.
    return InMemoryInventory.of(read(() -> new ArrayList<>(byKsuid.values())));
  }

  @Override
  public Optional<InventoryResource> byKsuid(String ksuid) {
    return read(() -> Optional.ofNullable(byKsuid.get(ksuid)));
  }

  @Override
  public List<InventoryResource> query(InventoryQuery query) {
    List<InventoryResource> rows =
        read(() -> byKsuid.values().stream().filter(query::matches).toList());
    return rows.stream().sorted(BY_KEY).toList();
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when another KSUID already holds the resource's stack and
   *     label: the inventory, like the planner, knows one resource per key
   */
  @Override
  public void put(InventoryResource resource) {
    InventoryResource copy = copyOf(resource);
    write(
        () -> {
          String holder = ksuidByKey.get(copy.key());
          if (holder != null && !holder.equals(copy.ksuid())) {
            throw new IllegalArgumentException(
                copy.key() + " is already held by KSUID " + holder + ", not " + copy.ksuid());
          }
          InventoryResource old = byKsuid.put(copy.ksuid(), copy);
          if (old != null) {
            ksuidByKey.remove(old.key());
          }
          ksuidByKey.put(copy.key(), copy.ksuid());
        });
  }

  @Override
  public void remove(String ksuid) {
    write(
        () -> {
          InventoryResource old = byKsuid.remove(ksuid);
          if (old != null) {
            ksuidByKey.remove(old.key());
          }
        });
  }

  @Override
  public void putTargets(Collection<Target> newTargets) {
    List<Target> copies =
        newTargets.stream()
            .map(t -> new Target(t.label(), t.namespace(), t.config().deepCopy(), t.discoverable()))
            .toList();
    write(() -> copies.forEach(t -> targets.put(t.label(), t)));
  }

  @Override
  public Optional<Target> target(String label) {
    return read(() -> Optional.ofNullable(targets.get(label)));
  }

  @Override
  public List<Target> targets() {
    return read(() -> List.copyOf(targets.values()));
  }

  @Override
  public List<String> stacks() {
    return read(
        () -> {
          TreeSet<String> stacks = new TreeSet<>();
          byKsuid.values().forEach(r -> stacks.add(r.stack()));
          return List.copyOf(stacks);
        });
  }

  private static InventoryResource copyOf(InventoryResource r) {
    return new InventoryResource(
        r.ksuid(),
        r.stack(),
        r.label(),
        r.type(),
        r.target(),
        r.nativeId(),
        r.managed(),
        r.properties().deepCopy(),
        r.readOnlyProperties().deepCopy());
  }

  private <T> T read(Supplier<T> body) {
    lock.readLock().lock();
    try {
      return body.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  private void write(Runnable body) {
    lock.writeLock().lock();
    try {
      body.run();
    } finally {
      lock.writeLock().unlock();
    }
  }
}
