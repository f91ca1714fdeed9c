package dev.forja.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.engine.model.OpaqueValue;
import dev.forja.engine.model.Target;

/**
 * One target of {@code GET /api/v1/targets}.
 *
 * @param label the target's label
 * @param namespace the plugin namespace that serves it ({@code AWS}, {@code SIM})
 * @param config the plugin's settings, opaque values redacted
 * @param discoverable whether discovery may list unmanaged resources on it
 */
@JsonPropertyOrder({"Label", "Namespace", "Config", "Discoverable"})
public record TargetInfo(
    @JsonProperty("Label") String label,
    @JsonProperty("Namespace") String namespace,
    @JsonProperty("Config") ObjectNode config,
    @JsonProperty("Discoverable") boolean discoverable) {

  /** The API's view of {@code t}, secrets redacted. */
  public static TargetInfo of(Target t) {
    return new TargetInfo(
        t.label(), t.namespace(), (ObjectNode) OpaqueValue.redactAll(t.config()), t.discoverable());
  }
}
