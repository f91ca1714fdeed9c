package dev.forja.engine.schema;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The resource types Forja knows, by name. Immutable. */
public final class SchemaRegistry {
  private static final SchemaRegistry EMPTY = new SchemaRegistry(Map.of());

  private final Map<String, ResourceTypeSchema> byType;

  private SchemaRegistry(Map<String, ResourceTypeSchema> byType) {
    this.byType = byType;
  }

  /**
   * A registry that knows no type: every type is accepted with an {@link
   * ResourceTypeSchema#unknown} schema.
   */
  public static SchemaRegistry empty() {
    return EMPTY;
  }

  /** A registry of the given schemas; a type declared twice is an error. */
  public static SchemaRegistry of(Collection<ResourceTypeSchema> schemas) {
    Map<String, ResourceTypeSchema> m = new LinkedHashMap<>();
    for (ResourceTypeSchema s : schemas) {
      if (m.putIfAbsent(s.type(), s) != null) {
        throw new IllegalArgumentException("resource type declared twice: " + s.type());
      }
    }
    return new SchemaRegistry(Map.copyOf(m));
  }

  /** Whether this registry lists types, so that an unknown type is an error. */
  public boolean isClosed() {
    return !byType.isEmpty();
  }

  /** The schema of {@code type}, if declared. */
  public Optional<ResourceTypeSchema> find(String type) {
    return Optional.ofNullable(byType.get(type));
  }

  /** The schema of {@code type}, or one that knows nothing of it. */
  public ResourceTypeSchema schemaOf(String type) {
    ResourceTypeSchema s = byType.get(type);
    return s != null ? s : ResourceTypeSchema.unknown(type);
  }

  /** Every declared type name. */
  public Set<String> types() {
    return byType.keySet();
  }
}
