package dev.forja.plugin.catalog;

import dev.forja.engine.schema.ResourceTypeSchema;
import dev.forja.engine.schema.SchemaRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The AWS resource types Forja's simulator and AWS plugin both serve: what a typical enterprise
 * account holds and the load-test generator emits.
 */
public final class AwsCatalog {
  private static final List<AwsType> TYPES = AwsTypes.all();
  private static final Map<String, AwsType> BY_NAME =
      TYPES.stream().collect(Collectors.toUnmodifiableMap(AwsType::name, t -> t));
  private static final SchemaRegistry SCHEMAS =
      SchemaRegistry.of(TYPES.stream().map(AwsType::schema).toList());

  private AwsCatalog() {}

  /** Every type, in a fixed order. */
  public static List<AwsType> types() {
    return TYPES;
  }

  /** The type named {@code name}. */
  public static Optional<AwsType> find(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** Every type's schema. */
  public static List<ResourceTypeSchema> schemas() {
    return TYPES.stream().map(AwsType::schema).toList();
  }

  /** Every type's schema as a registry. */
  public static SchemaRegistry registry() {
    return SCHEMAS;
  }
}
