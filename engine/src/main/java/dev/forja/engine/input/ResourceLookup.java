package dev.forja.engine.input;

import dev.forja.engine.model.ResourceKey;
import java.util.Optional;

/** Resources outside the forma that its references may name: the inventory's managed resources. */
@FunctionalInterface
public interface ResourceLookup {
  /** Nothing outside the forma: offline {@code eval} checks references against the forma alone. */
  ResourceLookup NONE = key -> Optional.empty();

  /** The type of the resource at {@code key}, if there is one. */
  Optional<String> typeOf(ResourceKey key);
}
