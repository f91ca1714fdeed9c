package dev.forja.engine.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A resource as the inventory holds it: the desired state as stored (references as {@code $ref}
 * envelopes) plus what the cloud said about it. Its JSON shape is the API's inventory shape.
 *
 * @param ksuid Forja's stable identity for the resource
 * @param stack the stack label
 * @param label the resource label
 * @param type the cloud type
 * @param target the target label
 * @param nativeId the cloud's identifier, null before it exists
 * @param managed false for resources discovery found but no forma declares
 * @param properties the desired state as stored
 * @param readOnlyProperties the cloud's outputs ({@code Arn}, {@code Id}, …)
 */
public record InventoryResource(
    @JsonProperty("Ksuid") String ksuid,
    @JsonProperty("Stack") String stack,
    @JsonProperty("Label") String label,
    @JsonProperty("Type") String type,
    @JsonProperty("Target") String target,
    @JsonProperty("NativeID") String nativeId,
    @JsonProperty("Managed") boolean managed,
    @JsonProperty("Properties") ObjectNode properties,
    @JsonProperty("ReadOnlyProperties") ObjectNode readOnlyProperties) {
  public InventoryResource {
    Objects.requireNonNull(ksuid, "Ksuid");
    Objects.requireNonNull(stack, "Stack");
    Objects.requireNonNull(label, "Label");
    Objects.requireNonNull(type, "Type");
    Objects.requireNonNull(target, "Target");
    properties = properties == null ? JsonNodeFactory.instance.objectNode() : properties;
    readOnlyProperties =
        readOnlyProperties == null ? JsonNodeFactory.instance.objectNode() : readOnlyProperties;
  }

  /** The resource's user-facing identity. */
  public ResourceKey key() {
    return new ResourceKey(stack, label);
  }

  /**
   * A copy with {@code f} applied to the properties and the read-only properties, such as {@code
   * OpaqueValue::redactAll}; {@code f} must map an object to an object.
   */
  public InventoryResource mapProperties(UnaryOperator<JsonNode> f) {
    return new InventoryResource(
        ksuid,
        stack,
        label,
        type,
        target,
        nativeId,
        managed,
        (ObjectNode) f.apply(properties),
        (ObjectNode) f.apply(readOnlyProperties));
  }
}
