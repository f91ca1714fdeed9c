package dev.forja.engine.schema;

import java.util.Objects;

/**
 * A declared relation from a type to another: a resource of the declaring type whose {@code
 * property} holds the same value as {@code targetProperty} of a resource of {@code targetType}
 * depends on that resource. The value may be a literal or a reference, so the edge holds even when
 * the forma writes a zone id or role name as plain text (lesson L8).
 *
 * @param kind containment or attachment
 * @param property the declaring type's property (a top-level name); a list matches each element
 * @param targetType the type depended on
 * @param targetProperty the depended-on type's property (or read-only output) that the value names
 */
public record TypeEdge(EdgeKind kind, String property, String targetType, String targetProperty) {
  public TypeEdge {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(property, "property");
    Objects.requireNonNull(targetType, "targetType");
    Objects.requireNonNull(targetProperty, "targetProperty");
  }
}
