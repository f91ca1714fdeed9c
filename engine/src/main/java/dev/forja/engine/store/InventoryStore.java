package dev.forja.engine.store;

import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.model.Target;
import dev.forja.engine.plan.Inventory;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The inventory as a store: what the engine writes after every successful resource operation and
 * what the planner reads. Implementations are thread-safe; writes are made by one writer (the
 * ResourcePersister), reads by anyone.
 */
public interface InventoryStore {

  /** A consistent, immutable view of every resource, for one planning run. */
  Inventory snapshot();

  /** The resource with this KSUID, if stored. */
  Optional<InventoryResource> byKsuid(String ksuid);

  /** Resources matching {@code query}, ordered by stack then label. */
  List<InventoryResource> query(InventoryQuery query);

  /** Stores {@code resource}, replacing any row with its KSUID. */
  void put(InventoryResource resource);

  /** Removes the resource with this KSUID; removing an absent one does nothing. */
  void remove(String ksuid);

  /** Stores targets, replacing those with the same label. */
  void putTargets(Collection<Target> targets);

  /** The target with this label, if stored. */
  Optional<Target> target(String label);

  /** Every stored target, ordered by label. */
  List<Target> targets();

  /** Every stack that holds at least one resource, sorted. */
  List<String> stacks();
}
