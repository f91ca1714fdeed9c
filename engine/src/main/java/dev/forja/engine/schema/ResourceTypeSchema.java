package dev.forja.engine.schema;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the plugin that owns a type declares about it.
 *
 * @param type the type name, such as {@code AWS::Route53::RecordSet}
 * @param identifier the property that holds the native id ({@code VpcId}, {@code Arn})
 * @param fields hints per top-level property; a property without one is {@link FieldHint#DEFAULT}
 * @param edges containment (parent mappings) and attachment edges to other types
 * @param discoverable whether List may adopt unmanaged instances
 * @param extractable whether extract may print it back as a forma
 */
public record ResourceTypeSchema(
    String type,
    String identifier,
    Map<String, FieldHint> fields,
    List<TypeEdge> edges,
    boolean discoverable,
    boolean extractable) {
  public ResourceTypeSchema {
    Objects.requireNonNull(type, "type");
    fields = Map.copyOf(fields);
    edges = List.copyOf(edges);
  }

  /** A schema that knows nothing about its type's fields: every change is an in-place update. */
  public static ResourceTypeSchema unknown(String type) {
    return new ResourceTypeSchema(type, null, Map.of(), List.of(), false, false);
  }

  /** The hint for a top-level property. */
  public FieldHint hint(String property) {
    return fields.getOrDefault(property, FieldHint.DEFAULT);
  }

  /** The containment edges: which parent each instance lives in. */
  public List<TypeEdge> parentMappings() {
    return edges.stream().filter(e -> e.kind() == EdgeKind.PARENT).toList();
  }
}
