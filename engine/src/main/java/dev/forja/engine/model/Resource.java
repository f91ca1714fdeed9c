package dev.forja.engine.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A resource as the user declares it. Identity is (stack, label).
 *
 * <p>{@code properties} may hold {@link ResourceRef} and {@link OpaqueValue} envelopes. The tree is
 * owned by this record and must not be mutated after construction.
 *
 * @param label the user's name, unique within its stack
 * @param type the cloud type, such as {@code AWS::EC2::VPC}
 * @param stack the stack label
 * @param target the target label
 * @param properties the desired properties
 */
public record Resource(
    @JsonProperty("Label") String label,
    @JsonProperty("Type") String type,
    @JsonProperty("Stack") String stack,
    @JsonProperty("Target") String target,
    @JsonProperty("Properties") ObjectNode properties) {
  public Resource {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(stack, "stack");
    Objects.requireNonNull(target, "target");
    properties = properties == null ? JsonNodeFactory.instance.objectNode() : properties;
  }

  /** The resource's identity within Forja, before a KSUID is assigned. */
  public ResourceKey key() {
    return new ResourceKey(stack, label);
  }
}
