package dev.forja.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.engine.model.InventoryResource;

/**
 * One resource of {@code GET /api/v1/resources} (INTERFACES.md, "Inventory JSON").
 *
 * @param ksuid Forja's stable identity for the resource
 * @param stack the stack label
 * @param label the resource label
 * @param type the cloud type
 * @param target the target label
 * @param nativeId the cloud's identifier, null before it exists
 * @param managed false for resources discovery found but no forma declares
 * @param properties the desired state as stored: references as {@code $ref} envelopes, opaque
 *     values redacted to {@code {"$visibility": "Opaque"}}
 * @param readOnlyProperties the cloud's outputs ({@code Arn}, {@code Id}, …)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({
  "Ksuid",
  "Stack",
  "Label",
  "Type",
  "Target",
  "NativeID",
  "Managed",
  "Properties",
  "ReadOnlyProperties"
})
public record InventoryItem(
    @JsonProperty("Ksuid") String ksuid,
    @JsonProperty("Stack") String stack,
    @JsonProperty("Label") String label,
    @JsonProperty("Type") String type,
    @JsonProperty("Target") String target,
    @JsonProperty("NativeID") String nativeId,
    @JsonProperty("Managed") boolean managed,
    @JsonProperty("Properties") ObjectNode properties,
    @JsonProperty("ReadOnlyProperties") ObjectNode readOnlyProperties) {

  /** The API's view of {@code r}, which the engine has already redacted. */
  public static InventoryItem of(InventoryResource r) {
    return new InventoryItem(
        r.ksuid(),
        r.stack(),
        r.label(),
        r.type(),
        r.target(),
        r.nativeId(),
        r.managed(),
        r.properties(),
        r.readOnlyProperties());
  }
}
