package dev.forja.engine.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forja.engine.input.ResourceLookup;
import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.model.ResourceKey;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The resources Forja knows exist, as the planner reads them. The in-memory implementation serves
 * tests and offline planning; the stores implement it over their tables.
 */
public interface Inventory {

  /** The resource at {@code key}, managed or not. */
  Optional<InventoryResource> find(ResourceKey key);

  /** The resource with {@code ksuid}. */
  Optional<InventoryResource> byKsuid(String ksuid);

  /** Every resource in {@code stack}, sorted by label. */
  List<InventoryResource> inStack(String stack);

  /** The resources whose stored properties hold a {@code $ref} to {@code ksuid}. */
  List<InventoryResource> referencing(String ksuid);

  /**
   * The resources of {@code type} whose {@code property}, or read-only output of that name, holds
   * the text {@code value} (or a list holding it).
   */
  List<InventoryResource> withValue(String type, String property, JsonNode value);

  /** Every resource. */
  Collection<InventoryResource> all();

  /** The inventory as a lookup for the forma reader: managed resources only. */
  default ResourceLookup asLookup() {
    return key -> find(key).filter(InventoryResource::managed).map(InventoryResource::type);
  }
}
